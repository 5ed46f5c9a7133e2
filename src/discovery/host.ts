/**
 * The host: the package whose plugins are discovered and loaded. One rule says which package.json
 * that is, for discovery, groups, doctor, show and provenance alike (issue 14: three rules made
 * doctor and a group name different hosts):
 *
 * 1. The host directory is the folder of `from` when it is given, else `cwd` (default
 *    `process.cwd()`), with symlinks followed, since Node resolves from a module's real path.
 * 2. The host's package.json is the nearest package.json at or above that directory. One that
 *    exists but cannot be used (not JSON, not an object, unreadable) is still the host: falling back
 *    to an ancestor's would trust that project's dependencies instead.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPackageJsonFile } from './package-json.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { realpathSync, statSync } = process.getBuiltinModule('node:fs');

/** The host as plugboard names it: in a group's `host()`, doctor's report and provenance. */
export interface Host {
  readonly name: string;
  readonly version: string;
  /** The host's package.json, or `undefined` when `host` was given and none was found (or read). */
  readonly manifestPath: string | undefined;
  /**
   * Why the host's package.json could not be used (not JSON, not an object, unreadable). It is
   * still the host: nothing falls back to an ancestor's package.json.
   */
  readonly problem?: string;
}

/** What a group knows about its host. */
export interface HostInfo extends Host {
  /**
   * Names in `dependencies`, `optionalDependencies` and `peerDependencies` (the names they are
   * installed as), without optional peers: a slot the host does not fill, which any package
   * installed for another can fill.
   */
  readonly dependencies: ReadonlySet<string>;
  /**
   * For each of those whose spec says which package it is (a semver range or tag: the same name;
   * `npm:<name>@…`: that name), the package.json name the installed package must have. Links,
   * folders, tarballs, git and `workspace:` specs say nothing checkable and are not listed.
   */
  readonly expected?: ReadonlyMap<string, string>;
  /** For each dependency whose spec is a semver range (`^1.2.0`, `npm:real@^1`), that range. */
  readonly ranges?: ReadonlyMap<string, string>;
  /** Optional peers left out of `dependencies`, to say why such a package is untrusted. */
  readonly optionalPeers?: ReadonlySet<string>;
}

/** The folder of `from` (a file URL, a path, or a folder). */
export function fromDir(from: string | URL): string {
  const path = typeof from === 'string' && !from.startsWith('file:') ? resolve(from) : fileURLToPath(from);
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? path : dirname(path);
}

/**
 * The directory the host resolves from (rule 1 above): `from`'s folder, else `cwd`, symlinks followed.
 *
 * @param options `from` (a module URL or path) wins over `cwd`.
 * @default cwd process.cwd()
 */
export function hostDir(options: {
  readonly cwd?: string | undefined;
  readonly from?: string | URL | undefined;
}): string {
  const dir = options.from !== undefined ? fromDir(options.from) : resolve(options.cwd ?? process.cwd());
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** The host's package.json, read: its parsed object, or why it cannot be used. */
export interface HostManifest {
  readonly path: string;
  /** The parsed object, when it is one. */
  readonly manifest?: Readonly<Record<string, unknown>>;
  /** Why it cannot be used, when it cannot. */
  readonly problem?: string;
}

/**
 * The host's package.json (rule 2 above): the nearest one at or above `dir`, even when it cannot
 * be used. `undefined` when there is none up to the root.
 *
 * @param dir the host directory, from `hostDir()`.
 */
export function hostManifest(dir: string): HostManifest | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const read = readPackageJsonFile(join(at, 'package.json'));
    if ('manifest' in read) return { path: read.path, manifest: read.manifest };
    // Missing: keep walking up, as Node's own package scope lookup does.
    if (read.code !== 'missing') {
      const said = read.message.startsWith(`${read.path} `) ? read.message.slice(read.path.length + 1) : read.message;
      return { path: read.path, problem: `it ${said}` };
    }
    if (dirname(at) === at) return undefined;
  }
}

/** The host named from its package.json, or from `given` alone when there is none. */
export function hostOf(found: HostManifest | undefined, given?: { name: string; version: string }): Host | undefined {
  if (found === undefined)
    return given ? { name: given.name, version: given.version, manifestPath: undefined } : undefined;
  const record = found.manifest ?? {};
  return {
    name: given?.name ?? (typeof record.name === 'string' ? record.name : ''),
    version: given?.version ?? (typeof record.version === 'string' ? record.version : ''),
    manifestPath: found.path,
    ...(found.problem === undefined ? {} : { problem: found.problem }),
  };
}

const DIRECT = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** What a package.json's dependency fields say: the names, and what each spec asks for. */
export interface Dependencies {
  /**
   * Names in `dependencies`, `optionalDependencies` and `peerDependencies` (the names they are
   * installed as), without optional peers: a slot the package does not fill, which any package
   * installed for another can fill. With `dev`, `devDependencies` too.
   */
  readonly dependencies: ReadonlySet<string>;
  /**
   * For each of those whose spec says which package it is (a semver range or tag: the same name;
   * `npm:<name>@…`: that name), the package.json name the installed package must have.
   */
  readonly expected: ReadonlyMap<string, string>;
  /** For each dependency whose spec is a semver range (`^1.2.0`, `npm:real@^1`), that range. */
  readonly ranges: ReadonlyMap<string, string>;
  /** Optional peers left out of `dependencies`, to say why such a package is untrusted. */
  readonly optionalPeers: ReadonlySet<string>;
}

/**
 * The direct dependencies a package.json declares (`dependencies`, `optionalDependencies`,
 * `peerDependencies`, and `devDependencies` with `dev`).
 */
export function dependenciesOf(record: Readonly<Record<string, unknown>>, dev = false): Dependencies {
  const dependencies = new Set<string>();
  const expected = new Map<string, string>();
  const optionalPeers = new Set<string>();
  const ranges = new Map<string, string>();
  const meta = record.peerDependenciesMeta;
  const optionalPeer = (name: string) =>
    meta !== null &&
    typeof meta === 'object' &&
    (meta as Record<string, { optional?: unknown } | undefined>)[name]?.optional === true;
  for (const field of dev ? [...DIRECT, 'devDependencies'] : DIRECT) {
    const deps = record[field];
    if (deps === null || typeof deps !== 'object') continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (field === 'peerDependencies' && optionalPeer(name) && !dependencies.has(name)) {
        optionalPeers.add(name);
        continue;
      }
      dependencies.add(name);
      optionalPeers.delete(name);
      const said = readSpec(name, spec);
      if (said.name !== undefined) expected.set(name, said.name);
      if (said.range !== undefined) ranges.set(name, said.range);
    }
  }
  return { dependencies, expected, optionalPeers, ranges };
}

/**
 * Reads the host's package.json (`hostManifest(dir)`); `given` overrides its name and version.
 * Returns `undefined` when there is neither.
 *
 * @param dir the host directory, from `hostDir()`.
 */
export function readHost(dir: string, given: { name: string; version: string } | undefined): HostInfo | undefined {
  const found = hostManifest(dir);
  const host = hostOf(found, given);
  if (host === undefined) return undefined;
  const record = found?.manifest;
  if (record === undefined) return { ...host, dependencies: new Set() };
  return { ...host, ...dependenciesOf(record) };
}

/** A range or tag alone: `^1.2.0`, `>=1 <2`, `1.x`, `*`, `` (latest). */
const RANGE = /^[\d\s^~<>=*|.xX-]*$/;

/**
 * What a dependency spec says about the package installed as `installedAs`: its package name (a
 * registry range or tag: the same name; `npm:<name>@<range>` or Yarn's `npm:<range>`) and its
 * semver range. Links, folders, tarballs, git and `workspace:` specs say neither.
 */
function readSpec(installedAs: string, spec: unknown): { readonly name?: string; readonly range?: string } {
  if (typeof spec !== 'string') return {};
  let name = installedAs;
  let range = spec;
  if (spec.startsWith('npm:')) {
    const rest = spec.slice(4);
    const at = rest.indexOf('@', 1);
    if (at !== -1) [name, range] = [rest.slice(0, at), rest.slice(at + 1)];
    else if (RANGE.test(rest)) range = rest;
    else return { name: rest };
  } else if (!/^[\w.^~<>=*|\s-]*$/.test(spec)) {
    return {}; // a protocol, a path, a URL or a GitHub shorthand
  }
  // A dist-tag (`latest`) names the package but is no range to check a version against.
  return RANGE.test(range) && /\d|\*|^[xX]$/.test(range) ? { name, range } : { name };
}
