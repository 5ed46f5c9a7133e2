/**
 * The one fixture factory every test uses. It writes real package folders and installs them into a
 * temporary host with a real package manager (npm by default), from folders (linked or copied) and
 * from `npm pack` tarballs. No network: every package is local, and plugboard's own dependencies
 * come from npm's cache (`--prefer-offline`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A package to write. Everything but `name` is optional. */
export interface PackageSpec {
  readonly name: string;
  readonly version?: string;
  readonly type?: 'module' | 'commonjs';
  readonly exports?: unknown;
  readonly main?: string;
  readonly entryPoints?: unknown;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  /** More package.json fields, merged last. */
  readonly manifest?: Record<string, unknown>;
  /** Write this text as package.json instead (for malformed manifests). */
  readonly rawManifest?: string;
  /** Files to write, relative to the package folder. */
  readonly files?: Record<string, string>;
}

const made: string[] = [];
process.on('exit', () => {
  if (process.env.PLUGBOARD_KEEP_FIXTURES) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty temporary directory, removed when the process exits. */
export function tempDir(prefix = 'fixture'): string {
  const dir = mkdtempSync(join(tmpdir(), `plugboard-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Writes a package folder at `<parent>/<name>` (scopes become folders) and returns its path. */
export function writePackage(parent: string, spec: PackageSpec): string {
  return writePackageAt(join(parent, spec.name), spec);
}

/** Writes a package folder at exactly `dir` and returns it. */
export function writePackageAt(dir: string, spec: PackageSpec): string {
  mkdirSync(dir, { recursive: true });
  const { files = {}, rawManifest, manifest: extra, ...fields } = spec;
  const manifest = { version: '1.0.0', ...fields, ...extra };
  writeFileSync(join(dir, 'package.json'), rawManifest ?? `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** Runs npm quietly in `cwd` and returns its stdout. */
export function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm pack`s a package folder into `outDir` and returns the tarball's path. */
export function pack(dir: string, outDir: string = tempDir('pack')): string {
  const out = npm(['pack', '--pack-destination', outDir, '--json'], dir);
  const [info] = JSON.parse(out) as [{ filename: string }];
  return join(outDir, info.filename);
}

let plugboardTgz: string | undefined;
/** plugboard itself, packed once per test process from the built repo (run `npm run build` first). */
export function plugboardTarball(): string {
  plugboardTgz ??= pack(repoRoot);
  return plugboardTgz;
}

/** How to put a local package into a host. */
export type Source =
  /** `npm install <folder>`: npm links it (a symlink, as for workspaces and `file:`). */
  | { readonly link: string }
  /** `npm install --install-links <folder>`: npm copies it. */
  | { readonly copy: string }
  /** `npm install <tarball>`, packing the folder first when given a folder. */
  | { readonly tarball: string }
  /** An `npm install` argument passed as is, e.g. an alias `nice@file:/abs/evil-1.0.0.tgz`. */
  | { readonly spec: string };

/** A host to create. */
export interface HostSpec {
  readonly name?: string;
  readonly version?: string;
  /** More package.json fields for the host. */
  readonly manifest?: Record<string, unknown>;
  /** Packages to install, in one `npm install`. */
  readonly install?: readonly Source[];
  /** Also install plugboard from its packed tarball. */
  readonly plugboard?: boolean;
  /** Where to create it; a new temp dir by default. */
  readonly dir?: string;
  /** Files to write into the host. */
  readonly files?: Record<string, string>;
}

/** Creates a host package and installs `install` into it with the real npm. Returns its folder. */
export function installHost(spec: HostSpec = {}): string {
  const dir = spec.dir ?? join(tempDir('host'), spec.name ?? 'host');
  writePackageAt(dir, {
    name: spec.name ?? 'host',
    version: spec.version ?? '1.0.0',
    type: 'module',
    manifest: { private: true, ...spec.manifest },
    files: spec.files,
  });
  const sources = spec.install ?? [];
  const copy = sources.some((source) => 'copy' in source);
  if (copy && sources.some((source) => 'link' in source)) {
    throw new Error('installHost: npm cannot link some folders and copy others in one install; use two hosts or tarballs');
  }
  const args = sources.map((source) => {
    if ('link' in source) return source.link;
    if ('copy' in source) return source.copy;
    if ('spec' in source) return source.spec;
    return source.tarball.endsWith('.tgz') ? source.tarball : pack(source.tarball);
  });
  if (spec.plugboard) args.push(plugboardTarball());
  if (args.length) npm(['install', ...(copy ? ['--install-links'] : []), ...args], dir);
  return dir;
}
