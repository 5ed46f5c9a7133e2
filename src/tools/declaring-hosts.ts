/**
 * Hosts that declare groups, as a project sees them (`plugboard doctor`, `groups`, `new --host`):
 * the project's own package.json and every installed package's, read with the one reader of
 * declarations (src/discovery/declarations.ts). In tools, not discovery: a host reads only its own
 * declaration, and esbuild splits by module, so the scan would otherwise be parsed at every
 * `import 'plugboard'` (test/build/budgets.test.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, diagnostic, didYouMean } from '../core/index.js';
import {
  DECLARATIONS_FIELD,
  type Declarations,
  type DeclaringPackage,
  type GroupDeclaration,
  hostManifest,
  lookupDirs,
  readDeclarations,
  readPackageJson,
} from '../discovery/index.js';
import type { EntryPoints } from '../entry-points/index.js';

/** Where `declaringHosts()` and `findPackage()` look. */
export interface DeclaringHostsOptions {
  /** @default process.cwd() */
  readonly cwd?: string;
  readonly paths?: readonly string[];
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Every host that declares groups, as seen from `cwd`: the project's own package.json (nearest at
 * or above `cwd`) and every package installed in a lookup directory, nearest first. A CLI host such
 * as a site's devDependency `mdgen` is found there. Reads package.json files only.
 */
export function declaringHosts(options: DeclaringHostsOptions = {}): Declarations {
  const cwd = options.cwd ?? process.cwd();
  const groups: GroupDeclaration[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (manifest: Readonly<Record<string, unknown>>, path: string) => {
    if (seen.has(path) || manifest[DECLARATIONS_FIELD] === undefined) return;
    seen.add(path);
    const read = readDeclarations(manifest, path);
    groups.push(...read.groups);
    diagnostics.push(...read.diagnostics);
  };
  const own = hostManifest(cwd);
  if (own?.manifest) add(own.manifest, own.path);
  const names = new Set<string>();
  for (const { dir } of lookupDirs({ cwd, paths: options.paths ?? [], env: options.env ?? process.env })) {
    for (const folder of packageFolders(dir)) {
      // The nearest copy of a name is the one the project runs, as Node resolves it.
      if (names.has(folder)) continue;
      const read = readPackageJson(join(dir, folder));
      if (!('manifest' in read)) continue;
      names.add(folder);
      add(read.manifest, read.path);
    }
  }
  return { groups, diagnostics };
}

/**
 * The installed package `name` as the project at `cwd` would import it (the nearest lookup
 * directory that holds it), or `undefined`.
 */
export function findPackage(
  name: string,
  options: DeclaringHostsOptions = {},
): (DeclaringPackage & { readonly manifest: Readonly<Record<string, unknown>> }) | undefined {
  const cwd = options.cwd ?? process.cwd();
  for (const { dir } of lookupDirs({ cwd, paths: options.paths ?? [], env: options.env ?? process.env })) {
    const read = readPackageJson(join(dir, name));
    if (!('manifest' in read)) continue;
    const m = read.manifest;
    return {
      name: typeof m.name === 'string' ? m.name : name,
      version: typeof m.version === 'string' ? m.version : '',
      dir: join(dir, name),
      manifestPath: read.path,
      manifest: m,
    };
  }
  return undefined;
}

/**
 * Plugins that declare a group a typo away from a group a host declares: `group-typo` errors that
 * name the host, since the plugin will never be loaded by it.
 *
 * @param all every discovered entry point.
 * @param declared the groups hosts declare, from `declaringHosts()`.
 */
export function declaredGroupTypos(all: EntryPoints, declared: readonly GroupDeclaration[]): Diagnostic[] {
  const byGroup = new Map(declared.map((d) => [d.group, d]));
  const found: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const ep of all) {
    if (byGroup.has(ep.group)) continue;
    const near = didYouMean(ep.group, byGroup.keys());
    if (near === undefined) continue;
    const key = `${ep.package.dir}\0${ep.group}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const host = byGroup.get(near)!.host;
    const manifest = join(ep.package.dir, 'package.json');
    found.push(
      diagnostic(
        'group-typo',
        `${ep.package.name} (${manifest}): declares group '${ep.group}', which no host reads; did you mean '${near}', which host ${host.name} (${host.manifestPath}) declares?`,
        manifest,
        { package: ep.package.name, group: ep.group },
      ),
    );
  }
  return found;
}

function packageFolders(nodeModules: string): string[] {
  const folders: string[] = [];
  for (const entry of safeReaddir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of safeReaddir(join(nodeModules, entry))) folders.push(`${entry}/${sub}`);
    else folders.push(entry);
  }
  return folders;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
