/**
 * Noticing an install while a dev server runs. Watched: each existing node_modules that discovery
 * reads from the project (its own and those above it, where npm, pnpm and Yarn workspaces install),
 * for a package folder or link that appears or goes and for the state files the index cache stamps
 * (src/discovery/cache.ts), which each package manager rewrites on every install, update or
 * removal; and, beside each, the files that Bun and Yarn Plug'n'Play rewrite instead, and the
 * manifest `pnpm add` and `yarn add` edit. Folder watches only, not the whole tree.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { dirname } from 'node:path';
import { lookupDirs } from '../discovery/index.js';

/** Inside node_modules: npm's hidden lockfile, pnpm's, Yarn classic's and Yarn Berry's state files. */
const STATE_FILES = new Set(['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml']);
/** Beside node_modules: Bun's lockfiles, Yarn PnP's map, and the manifest. */
const BESIDE = new Set(['bun.lock', 'bun.lockb', '.pnp.cjs', '.pnp.data.json', 'package.json', 'node_modules']);

/**
 * Calls `changed` (debounced) when an install changes what `root` can import. Returns a function
 * that stops watching.
 */
export function watchInstalls(root: string, changed: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A package manager links, writes and renames in bursts: one regeneration after the burst.
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(changed, 50);
  };
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string, relevant: (file: string) => boolean) => {
    if (watchers.has(dir) || !existsSync(dir)) return;
    try {
      const watcher = watch(dir, (_, file) => {
        if (file === null || relevant(file)) fire();
        // The project's node_modules appearing (a first install): watch it from now on.
        if (file === 'node_modules') add(`${dir}/node_modules`, inModules);
      });
      // A folder removed under a watch (rm -rf node_modules) reports an error, not a change.
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(dir);
        fire();
      });
      watchers.set(dir, watcher);
    } catch {
      // Unreadable or gone between the check and the watch: nothing there to install into.
    }
  };
  // Dot-entries are tools' caches (.vite, .cache with plugboard's own index), not packages.
  const inModules = (file: string) => !file.startsWith('.') || STATE_FILES.has(file);
  add(root, (file) => BESIDE.has(file));
  for (const { dir } of lookupDirs({ cwd: root, paths: [], env: {} })) {
    if (!existsSync(dir)) continue;
    add(dir, inModules);
    add(dirname(dir), (file) => BESIDE.has(file));
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
