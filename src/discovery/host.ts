/**
 * The host a group belongs to: its name and version (for the `peerDependencies` check) and its
 * direct dependencies (for `trust: 'dependencies'`), read from the nearest package.json above `cwd`.
 */
import { dirname, join, resolve } from 'node:path';
import { withoutBom } from './manifest.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { readFileSync } = process.getBuiltinModule('node:fs');

/** What a group knows about its host. */
export interface HostInfo {
  readonly name: string;
  readonly version: string;
  /** The package.json it was read from, or `undefined` when `host` was given and none was found. */
  readonly manifestPath: string | undefined;
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
  /**
   * Why the nearest package.json could not be read (not JSON, not an object, unreadable). It is
   * still the host: a group does not fall back to an ancestor's package.json, which would trust
   * that project's dependencies instead.
   */
  readonly problem?: string;
}

const DIRECT = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Reads the nearest package.json at or above `cwd`; `given` overrides its name and version.
 * Returns `undefined` when there is neither.
 */
export function readHost(cwd: string, given: { name: string; version: string } | undefined): HostInfo | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const manifestPath = join(dir, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(manifestPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Missing: keep walking up, as Node's own package scope lookup does.
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        return broken(manifestPath, `it could not be read (${code ?? String(error)})`, given);
    }
    let manifest: unknown;
    if (text !== undefined) {
      try {
        manifest = JSON.parse(withoutBom(text));
      } catch (error) {
        return broken(manifestPath, `it is not valid JSON (${(error as Error).message})`, given);
      }
      if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest))
        return broken(manifestPath, 'it is not a JSON object', given);
    }
    if (manifest !== undefined) {
      const record = manifest as Record<string, unknown>;
      const dependencies = new Set<string>();
      const expected = new Map<string, string>();
      const optionalPeers = new Set<string>();
      const ranges = new Map<string, string>();
      const meta = record.peerDependenciesMeta;
      const optionalPeer = (name: string) =>
        meta !== null &&
        typeof meta === 'object' &&
        (meta as Record<string, { optional?: unknown } | undefined>)[name]?.optional === true;
      for (const field of DIRECT) {
        const deps = record[field];
        if (deps === null || typeof deps !== 'object') continue;
        for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
          if (field === 'peerDependencies' && optionalPeer(name) && !dependencies.has(name)) {
            optionalPeers.add(name);
            continue;
          }
          dependencies.add(name);
          const said = readSpec(name, spec);
          if (said.name !== undefined) expected.set(name, said.name);
          if (said.range !== undefined) ranges.set(name, said.range);
        }
      }
      return {
        name: given?.name ?? (typeof record.name === 'string' ? record.name : ''),
        version: given?.version ?? (typeof record.version === 'string' ? record.version : ''),
        manifestPath,
        dependencies,
        expected,
        optionalPeers,
        ranges,
      };
    }
    if (dirname(dir) === dir) break;
  }
  return given ? { ...given, manifestPath: undefined, dependencies: new Set() } : undefined;
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

function broken(manifestPath: string, problem: string, given: { name: string; version: string } | undefined): HostInfo {
  return { name: given?.name ?? '', version: given?.version ?? '', manifestPath, dependencies: new Set(), problem };
}
