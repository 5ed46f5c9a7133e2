/**
 * The host a group belongs to: its name and version (for the `peerDependencies` check) and its
 * direct dependencies (for `trust: 'dependencies'`), read from the nearest package.json above `cwd`.
 */
import { dirname, join, resolve } from 'node:path';
import { withoutBom } from '../manifest.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { readFileSync } = process.getBuiltinModule('node:fs');

/** What a group knows about its host. */
export interface HostInfo {
  readonly name: string;
  readonly version: string;
  /** The package.json it was read from, or `undefined` when `host` was given and none was found. */
  readonly manifestPath: string | undefined;
  /** Names in `dependencies`, `optionalDependencies` and `peerDependencies` (the names they are installed as). */
  readonly dependencies: ReadonlySet<string>;
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
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return broken(manifestPath, `it could not be read (${code ?? String(error)})`, given);
    }
    let manifest: unknown;
    if (text !== undefined) {
      try {
        manifest = JSON.parse(withoutBom(text));
      } catch (error) {
        return broken(manifestPath, `it is not valid JSON (${(error as Error).message})`, given);
      }
      if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return broken(manifestPath, 'it is not a JSON object', given);
    }
    if (manifest !== undefined) {
      const record = manifest as Record<string, unknown>;
      const dependencies = new Set<string>();
      for (const field of DIRECT) {
        const deps = record[field];
        if (deps !== null && typeof deps === 'object') for (const name of Object.keys(deps)) dependencies.add(name);
      }
      return {
        name: given?.name ?? (typeof record.name === 'string' ? record.name : ''),
        version: given?.version ?? (typeof record.version === 'string' ? record.version : ''),
        manifestPath,
        dependencies,
      };
    }
    if (dirname(dir) === dir) break;
  }
  return given ? { ...given, manifestPath: undefined, dependencies: new Set() } : undefined;
}

function broken(manifestPath: string, problem: string, given: { name: string; version: string } | undefined): HostInfo {
  return { name: given?.name ?? '', version: given?.version ?? '', manifestPath, dependencies: new Set(), problem };
}
