/**
 * The host a group belongs to: its name and version (for the `peerDependencies` check) and its
 * direct dependencies (for `trust: 'dependencies'`), read from the nearest package.json above `cwd`.
 */
import { dirname, join, resolve } from 'node:path';
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
}

const DIRECT = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Reads the nearest package.json at or above `cwd`; `given` overrides its name and version.
 * Returns `undefined` when there is neither.
 */
export function readHost(cwd: string, given: { name: string; version: string } | undefined): HostInfo | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const manifestPath = join(dir, 'package.json');
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch {
      // Missing or unreadable: keep walking up, as Node's own package scope lookup does.
      manifest = undefined;
    }
    if (manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest)) {
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
