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

/**
 * A package manager's internal folder of packages: a `node_modules` directly inside a hidden folder
 * of a node_modules. pnpm's hidden hoist (`node_modules/.pnpm/node_modules`) holds every package of
 * the store, including dependencies of dependencies the project never declared; bun's isolated
 * linker keeps the same folder in `node_modules/.bun/node_modules`. A host installed by pnpm walks
 * up through it (its real path is inside `.pnpm/`), so it used to load plugins nobody installed
 * for it (issue 16). Never a source of plugins, for any host. The store entries
 * (`.pnpm/<name>@<version>/node_modules`, a package with its own dependencies) stay lookup
 * directories: Node resolves a pnpm-installed host's own dependencies there.
 */
export function isInternalDir(dir: string): boolean {
  const at = dir.lastIndexOf(PNPM_STORE);
  if (at === -1) return false;
  const rest = dir.slice(at + PNPM_STORE.length);
  const slash = rest.indexOf(sep);
  return slash !== -1 && rest.slice(slash + 1) === 'node_modules';
}

/**
 * The lookup directories for `context`, nearest first, without duplicates: the host's walk up from
 * `cwd`, then the project's walk up from `context.project` when the host was installed by a
 * project elsewhere (a workspace member, Yarn's PnP cache; docs/cli-hosts.md), then NODE_PATH,
 * PLUGBOARD_PATH and `paths`. Package managers' internal folders (`isInternalDir`) are never in it.
 */
export function lookupDirs(context: Pick<FinderContext, 'cwd' | 'paths' | 'env' | 'project'>): LookupDir[] {
  const dirs: LookupDir[] = [];
  const walk = (from: string) => {
    for (let dir = from; ; ) {
      // Node skips `…/node_modules/node_modules`: a package's own folder is not a lookup directory.
      if (dir.slice(dir.lastIndexOf(sep) + 1) !== 'node_modules') {
        const lookup = child(dir, 'node_modules');
        if (!isInternalDir(lookup)) dirs.push({ dir: lookup, origin: 'node_modules' });
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  };
  walk(context.cwd);
  if (context.project !== undefined && context.project !== context.cwd) walk(context.project);
  const fromEnv = (value: string | undefined, origin: PackageOrigin) => {
    for (const dir of value?.split(delimiter) ?? []) {
      // pnpm's bin shims (`node_modules/.bin/plugboard`, any CLI pnpm installs) put its virtual
      // store's folders on NODE_PATH, `.pnpm/node_modules` with every hidden-hoisted package among
      // them, for require() inside the CLI. They say nothing about the host, so they are not
      // searched; nor is any hidden folder of a node_modules (a custom `virtual-store-dir`).
      if (!dir || (origin === 'NODE_PATH' && dir.includes(PNPM_STORE))) continue;
      const at = resolve(context.cwd, dir);
      if (!isInternalDir(at)) dirs.push({ dir: at, origin });
    }
  };
  fromEnv(context.env.NODE_PATH, 'NODE_PATH');
  fromEnv(context.env.PLUGBOARD_PATH, 'PLUGBOARD_PATH');
  for (const dir of context.paths) {
    const at = resolve(context.cwd, dir);
    if (!isInternalDir(at)) dirs.push({ dir: at, origin: 'paths' });
  }
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
