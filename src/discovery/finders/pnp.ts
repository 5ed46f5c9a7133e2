/**
 * The Yarn Plug'n'Play finder. Under PnP there is no node_modules: what a package can import is the
 * `packageDependencies` map that `.pnp.cjs` holds for it, and the packages themselves live inside
 * zip archives in Yarn's cache. Scanning directories finds nothing there (clibuilder#575 returned an
 * empty list with exit code 0; prettier#8474 and oclif/core#806 broke the same way), so this finder
 * asks the `pnpapi` module instead: the host's locator from `cwd`, then its dependencies, each read
 * through the zip-aware `fs` that `.pnp.cjs` installs.
 *
 * Precedence: the host's dependencies (sorted by the name it imports them by), then `PLUGBOARD_PATH`
 * and the `paths` option scanned like node_modules folders. `NODE_PATH` is not searched: PnP
 * resolution ignores it, so the host could not import what is there.
 */
import { join } from 'node:path';
import { diagnostic } from '../../core/index.js';
import type { Finder, FinderContext, FoundPackage } from '../finder.js';
import { foundPackage, parseManifest } from '../manifest.js';
import { lookupDirs } from '../lookup.js';
import { scanLookupDirs } from './node-modules.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { readFileSync, realpathSync } = process.getBuiltinModule('node:fs');

/** A PnP package locator: `{ name: null, reference: null }` is the project's top level. */
interface PnpLocator {
  readonly name: string | null;
  readonly reference: string | null;
}

interface PnpPackageInformation {
  readonly packageLocation: string;
  /** A reference, `[realName, reference]` for an alias (`"x": "npm:y@1"`), or null for an unmet peer. */
  readonly packageDependencies: ReadonlyMap<string, string | readonly [string, string] | null>;
  readonly linkType: 'HARD' | 'SOFT';
}

/** The part of Yarn's `pnpapi` (https://yarnpkg.com/advanced/pnpapi) this finder uses. */
export interface PnpApi {
  readonly topLevel: PnpLocator;
  findPackageLocator(location: string): PnpLocator | null;
  getPackageInformation(locator: PnpLocator): PnpPackageInformation | null;
  /** The folder `request` (a bare package name) resolves to from `issuer`, or null. */
  resolveToUnqualified?(request: string, issuer: string): string | null;
}

/**
 * The PnP API that governs `dir`, or `undefined` when the process does not run under Plug'n'Play
 * (`yarn node`, `node -r ./.pnp.cjs`) or `dir` is outside every PnP project it knows.
 */
export function pnpApiFor(dir: string): PnpApi | undefined {
  if (!process.versions.pnp) return undefined;
  // Taken here, not at import: outside Plug'n'Play nothing else needs the `module` built-in.
  const module = process.getBuiltinModule('node:module');
  // `findPnpApi` (Yarn >= 3) picks the project that owns `dir`, which need not be the one the
  // process was started in. It is added to the CommonJS `module` object only, not as an ESM export.
  const find = (module as unknown as { findPnpApi?: (from: string) => PnpApi | null }).findPnpApi;
  if (find) return find(dir.endsWith('/') ? dir : `${dir}/`) ?? undefined;
  try {
    return module.createRequire(import.meta.url)('pnpapi') as PnpApi;
  } catch {
    return undefined;
  }
}

/** Finds the packages a host running under Yarn Plug'n'Play can import. */
export const pnpFinder: Finder = {
  name: 'pnp',
  *find(context) {
    const api = pnpApiFor(context.cwd);
    const seen = new Set<string>();
    if (api) yield* dependencies(api, context.cwd, context, seen);
    // A host installed by a project (a CLI in `.yarn/cache`): its own map holds only its own
    // dependencies; the plugins are the project's.
    const projectApi = context.project === undefined ? undefined : pnpApiFor(context.project);
    if (projectApi) yield* dependencies(projectApi, context.project!, context, seen);
    const explicit = lookupDirs(context).filter((d) => d.origin === 'PLUGBOARD_PATH' || d.origin === 'paths');
    yield* scanLookupDirs(explicit, context);
  },
};

function* dependencies(api: PnpApi, from: string, context: FinderContext, seen: Set<string>): Generator<FoundPackage> {
  const host = api.findPackageLocator(`${from}/`) ?? api.topLevel;
  const hostInfo = api.getPackageInformation(host);
  if (!hostInfo) return;
  const lookupDir = trimSlash(hostInfo.packageLocation);
  const names = [...hostInfo.packageDependencies.keys()].sort();
  for (const installedAs of names) {
    const reference = hostInfo.packageDependencies.get(installedAs);
    // null: a peer dependency nobody provided; the host cannot import it.
    if (reference === null || reference === undefined) continue;
    // The host's own dependency of that name is what the host imports.
    if (seen.has(installedAs)) continue;
    seen.add(installedAs);
    const locator: PnpLocator =
      typeof reference === 'string'
        ? { name: installedAs, reference }
        : { name: reference[0], reference: reference[1] };
    // Yarn lists every workspace among its own dependencies, for self-references; a host's own
    // package is not one of its plugins (as with npm and pnpm outside workspaces).
    if (locator.name === host.name && locator.reference === host.reference) continue;
    const info = api.getPackageInformation(locator);
    if (!info) continue;
    const found = read(installedAs, trimSlash(info.packageLocation), info.linkType === 'SOFT', lookupDir, context);
    if (found) yield found;
  }
}

function read(
  installedAs: string,
  location: string,
  linked: boolean,
  lookupDir: string,
  context: FinderContext,
): FoundPackage | undefined {
  const manifestPath = join(location, 'package.json');
  let text: string;
  try {
    // Inside a zip archive (`.yarn/cache/x.zip/node_modules/x`): `.pnp.cjs` patches `fs` to read it.
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    context.report(
      diagnostic(
        'unreadable',
        `${installedAs}: cannot read ${manifestPath}: ${code ?? (error as Error).message}; run yarn install again`,
        manifestPath,
        { package: installedAs },
      ),
    );
    return undefined;
  }
  if (!text.includes('"entryPoints"')) return undefined;
  const record = parseManifest(text, installedAs, manifestPath, context.report);
  if (!record) return undefined;
  let dir = location;
  if (linked) {
    // Workspaces and `portal:`/`link:` dependencies are real folders, maybe reached through symlinks.
    try {
      dir = realpathSync(location);
    } catch {}
  }
  return foundPackage(record, { installedAs, dir, origin: 'pnp', lookupDir, linked });
}

function trimSlash(path: string): string {
  return path.length > 1 && (path.endsWith('/') || path.endsWith('\\')) ? path.slice(0, -1) : path;
}
