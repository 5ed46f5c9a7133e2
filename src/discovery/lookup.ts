/**
 * Lookup directories: where the host's `import` (and `require()`, for NODE_PATH) looks for packages,
 * nearest first, and the rule for which of them other users could write to. One module, used by the
 * node_modules finder, the PnP finder, the index cache, `plugboard doctor` and the trust policy
 * (issue 14: they used to import these from the node_modules finder as if it were a library).
 */
import { delimiter, dirname, resolve, sep } from 'node:path';
import type { PackageOrigin } from '../entry-points/index.js';
import type { FinderContext } from './finder.js';
import { child } from './path.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { statSync } = process.getBuiltinModule('node:fs');

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
  return stat ? whyStatUnsafe(stat, me) : undefined;
}

/** `whyUnsafe` for what `stat` or `fstat` already said of a path, as the current user `me`. */
export function whyStatUnsafe(stat: { readonly uid: number; readonly mode: number }, me: number): string | undefined {
  if (stat.uid !== me && stat.uid !== 0) return `is owned by another user (uid ${stat.uid})`;
  return (stat.mode & 0o002) !== 0 ? 'is writable by every user' : undefined;
}
