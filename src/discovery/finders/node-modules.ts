/**
 * The node_modules finder: a package is discoverable exactly when the host could `import` it.
 *
 * Lookup directories, nearest first: `<cwd>/node_modules` and each ancestor's `node_modules` (as
 * Node's resolution walks them), then `NODE_PATH`, then `PLUGBOARD_PATH`, then the `paths` option.
 * A package nested under another package's `node_modules` is private to that package and is never
 * reached. When a name appears in two lookup directories the nearest wins.
 */
import type { Dirent } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { diagnostic } from '../../core/index.js';
import type { PackageOrigin } from '../../entry-points/index.js';
import type { Finder, FinderContext, FoundPackage } from '../finder.js';
import { foundPackage, parseManifest } from '../manifest.js';
import { parsePackageJson, readManifestText } from '../package-json.js';
import { child } from '../path.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { readdirSync, realpathSync, statSync } = process.getBuiltinModule('node:fs');

/** One directory that holds packages, and why it is searched. */
export interface LookupDir {
  readonly dir: string;
  readonly origin: PackageOrigin;
}

/** A hidden folder inside a node_modules: pnpm's virtual store (`.pnpm`, or another `virtual-store-dir`). */
const PNPM_STORE = `${sep}node_modules${sep}.`;

/** The lookup directories for `context`, nearest first, without duplicates. */
export function lookupDirs(context: Pick<FinderContext, 'cwd' | 'paths' | 'env'>): LookupDir[] {
  const dirs: LookupDir[] = [];
  for (let dir = context.cwd; ; ) {
    // Node skips `…/node_modules/node_modules`: a package's own folder is not a lookup directory.
    if (dir.slice(dir.lastIndexOf(sep) + 1) !== 'node_modules') {
      dirs.push({ dir: child(dir, 'node_modules'), origin: 'node_modules' });
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const fromEnv = (value: string | undefined, origin: PackageOrigin) => {
    for (const dir of value?.split(delimiter) ?? []) {
      // pnpm's bin shims (`node_modules/.bin/plugboard`, any CLI pnpm installs) put its virtual
      // store's folders on NODE_PATH, `.pnpm/node_modules` with every hidden-hoisted package among
      // them, for require() inside the CLI. They say nothing about the host, so they are not
      // searched; nor is any hidden folder of a node_modules (a custom `virtual-store-dir`).
      if (dir && !(origin === 'NODE_PATH' && dir.includes(PNPM_STORE)))
        dirs.push({ dir: resolve(context.cwd, dir), origin });
    }
  };
  fromEnv(context.env.NODE_PATH, 'NODE_PATH');
  fromEnv(context.env.PLUGBOARD_PATH, 'PLUGBOARD_PATH');
  for (const dir of context.paths) dirs.push({ dir: resolve(context.cwd, dir), origin: 'paths' });
  const unique = new Set<string>();
  return dirs.filter((d) => !unique.has(d.dir) && unique.add(d.dir));
}

/** Finds packages in node_modules-style lookup directories. */
export const nodeModulesFinder: Finder = {
  name: 'node_modules',
  *find(context) {
    const scanned = yield* scanLookupDirs(lookupDirs(context), context);
    // Discovery that silently finds nothing is the complaint (clibuilder#575, Bun's auto-install):
    // when there is nowhere to look at all, say so.
    if (scanned === 0) {
      const dir = child(context.cwd, 'node_modules');
      context.report(
        diagnostic(
          'no-lookup-dirs',
          `no node_modules directory exists at or above ${context.cwd} (nor in NODE_PATH, PLUGBOARD_PATH or paths): nothing is installed where this host can import it. Run your package manager's install, or pass cwd`,
          dir,
        ),
      );
    }
  },
};

/**
 * Yields the packages declaring entry points in `dirs`, nearest first, reporting shadowed ones.
 * Exported for finders that choose their own lookup directories (the PnP finder scans only
 * `PLUGBOARD_PATH` and `paths` this way).
 *
 * @returns how many lookup directories existed and were scanned.
 */
export function* scanLookupDirs(dirs: readonly LookupDir[], context: FinderContext): Generator<FoundPackage, number> {
  // Package names visible from a nearer directory, declaring entry points or not: a nearer
  // package without entryPoints still hides a farther one, because that is what `import` gets.
  const visible = new Set<string>();
  // The real folder of each package yielded so far, by the name the host imports it by.
  const yielded = new Map<string, string>();
  const scanned = new Set<string>();
  for (const lookup of dirs) {
    const entries = listDir(lookup.dir, context, true);
    if (!entries) continue;
    let real: string;
    try {
      real = realpathSync(lookup.dir);
    } catch {
      continue;
    }
    // NODE_PATH and friends often repeat a node_modules already walked; scanning it again would
    // report every package in it as shadowed by itself.
    if (scanned.has(real)) continue;
    scanned.add(real);
    warnIfUnsafe(real, context);
    const here: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name.charCodeAt(0) === 46 /* '.' */) continue; // .bin, .cache, .pnpm, .package-lock.json
      if (name.charCodeAt(0) === 64 /* '@' */) {
        const scope = child(lookup.dir, name);
        const realScope = child(real, name);
        context.observe?.(scope, 'dir');
        const scoped = listDir(scope, context, false);
        for (const sub of scoped ?? []) {
          if (sub.name.charCodeAt(0) === 46) continue;
          const found = visit(`${name}/${sub.name}`, sub, realScope, lookup, visible, here, context, yielded);
          if (found) yield found;
        }
        continue;
      }
      const found = visit(name, entry, real, lookup, visible, here, context, yielded);
      if (found) yield found;
    }
    for (const name of here) visible.add(name);
  }
  return scanned.size;
}

/**
 * Node loads from every ancestor's node_modules, including ones other users can write to
 * (/tmp/node_modules, a shared parent: nodejs/node#43192). plugboard does the same, as the host's
 * `import` would, but says so, so that a trust policy or a narrower `cwd` can be chosen.
 */
function warnIfUnsafe(dir: string, context: FinderContext): void {
  const why = whyUnsafe(dir);
  if (why === undefined) return;
  context.report(
    diagnostic(
      'unsafe-lookup-dir',
      `${dir} ${why}: whoever can write there can add plugins this host discovers. Use a trust policy, or run from a directory whose node_modules you control`,
      dir,
    ),
  );
}

/**
 * Why other users could put packages in `dir`: it is owned by another user (not root), or every
 * user can write to it (sticky or not: anyone may still add an entry). Undefined when they cannot,
 * or where there are no POSIX owners (Windows). Also what `trust: 'dependencies'` refuses.
 */
export function whyUnsafe(dir: string): string | undefined {
  const me = process.getuid?.();
  if (me === undefined) return undefined;
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch {
    return undefined; // unreadable: the finder reports that, and found nothing there
  }
  if (!stat) return undefined;
  if (stat.uid !== me && stat.uid !== 0) return `is owned by another user (uid ${stat.uid})`;
  return (stat.mode & 0o002) !== 0 ? 'is writable by every user' : undefined;
}

function listDir(dir: string, context: FinderContext, isLookupDir: boolean): Dirent[] | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing node_modules is the normal case for most ancestors; say nothing.
    if (code === 'ENOENT' || (code === 'ENOTDIR' && isLookupDir)) return undefined;
    context.report(
      diagnostic(
        'unreadable',
        `cannot read directory ${dir}: ${code ?? (error as Error).message}; packages in it were not discovered`,
        dir,
      ),
    );
    return undefined;
  }
  // readdir order is the filesystem's; sort so discovery order is the same on every machine.
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function visit(
  installedAs: string,
  entry: Dirent,
  realParent: string,
  lookup: LookupDir,
  visible: Set<string>,
  here: string[],
  context: FinderContext,
  yielded: Map<string, string>,
): FoundPackage | undefined {
  const linked = entry.isSymbolicLink();
  if (!linked && !entry.isDirectory()) return undefined;
  // Concatenated, not join()ed (see path.ts): the cold path runs this for every installed package.
  const path = sep === '/' ? child(lookup.dir, installedAs) : join(lookup.dir, installedAs);
  const manifestPath = `${path}${sep}package.json`;
  if (linked) context.observe?.(path, 'link');
  else if (lookup.origin !== 'node_modules') context.observe?.(path, 'package');
  const text = readManifestText(manifestPath, true);
  if (text === undefined || (typeof text === 'object' && text !== null)) {
    const errno = text === undefined ? 'ENOENT' : text.errno;
    if (linked && (errno === 'ENOENT' || errno === 'ELOOP')) {
      // ENOENT through a link may mean a dangling link, or a live link to a folder without package.json.
      if (errno === 'ELOOP' || !targetExists(path)) {
        const why = errno === 'ELOOP' ? 'is part of a symlink cycle' : 'points to a path that does not exist';
        context.report(
          diagnostic(
            'broken-link',
            `${installedAs}: the link ${path} ${why}; run your package manager's install again`,
            path,
            { package: installedAs },
          ),
        );
        return undefined;
      }
    }
    // A folder without package.json is not a package (leftovers, editors' folders): not an error.
    // A package.json that is not a regular file, too large or refused by the system is.
    if (text !== undefined)
      context.report(
        diagnostic('unreadable', `${installedAs}: ${text.message}`, manifestPath, { package: installedAs }),
      );
    if (!visible.has(installedAs)) here.push(installedAs);
    return undefined;
  }
  const candidate = text !== null;
  if (visible.has(installedAs)) {
    // Only a package whose top-level object has `entryPoints` declares any (parseManifest's rule).
    if (candidate && !declares(text, manifestPath)) return undefined;
    // pnpm 12's hoisted linker links a workspace member both into the root node_modules and into
    // its dependent's: the same folder reached twice is not shadowing.
    if (candidate && linked && yielded.get(installedAs) === realOrSelf(path)) return undefined;
    if (candidate) {
      context.report(
        diagnostic(
          'shadowed',
          `${installedAs} in ${lookup.dir} declares entry points but is shadowed by a nearer ${installedAs}, which is what the host imports`,
          manifestPath,
          { package: installedAs },
        ),
      );
    }
    return undefined;
  }
  here.push(installedAs);
  if (!candidate) return undefined;
  const record = parseManifest(text!, installedAs, manifestPath, context.report);
  if (!record) return undefined;
  let dir = child(
    realParent,
    installedAs.includes('/') ? installedAs.slice(installedAs.indexOf('/') + 1) : installedAs,
  );
  if (linked) {
    try {
      dir = realpathSync(path);
    } catch {
      dir = path;
    }
  }
  yielded.set(installedAs, dir);
  return foundPackage(record, { installedAs, dir, origin: lookup.origin, lookupDir: lookup.dir, linked });
}

function declares(text: string, manifestPath: string): boolean {
  const read = parsePackageJson(text, manifestPath);
  return 'manifest' in read && Object.hasOwn(read.manifest, 'entryPoints');
}

function targetExists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
