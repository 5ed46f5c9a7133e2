/**
 * Noticing an install while a dev server runs. The files watched are those the index cache stamps
 * (src/discovery/cache.ts): the package managers' state files inside node_modules, which each
 * rewrites on every install, update or removal, and the files beside it that Bun and Yarn
 * Plug'n'Play rewrite instead. Watching the two folders, not the whole tree, keeps it to two handles.
 */
import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

/** Inside node_modules: npm's hidden lockfile, pnpm's, Yarn classic's and Yarn Berry's state files. */
const STATE_FILES = new Set(['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml']);
/** Beside node_modules: Bun's lockfiles, Yarn PnP's map, and the project's manifest. */
const BESIDE = new Set(['bun.lock', 'bun.lockb', '.pnp.cjs', '.pnp.data.json', 'package.json', 'node_modules']);

/**
 * Calls `changed` (debounced) when an install changes what `root` can import. Returns a function
 * that stops watching.
 */
export function watchInstalls(root: string, changed: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inner: FSWatcher | undefined;
  // A package manager writes its state file last, but renames and rewrites come in bursts: one
  // regeneration after the burst, not one per event.
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(changed, 50);
  };
  const watchModules = () => {
    inner?.close();
    try {
      inner = watch(join(root, 'node_modules'), (_, file) => {
        if (file === null || STATE_FILES.has(file)) fire();
      });
    } catch {
      // No node_modules yet (or Plug'n'Play): the outer watcher sees it appear.
      inner = undefined;
    }
  };
  const outer = watch(root, (_, file) => {
    if (file === 'node_modules') watchModules();
    if (file === null || BESIDE.has(file)) fire();
  });
  watchModules();
  return () => {
    clearTimeout(timer);
    inner?.close();
    outer.close();
  };
}
