// The modules `plugboard/bundler` serves. A project lists this file in its tsconfig
// (`"types": ["plugboard/bundler/virtual"]`) to type `import plugins from 'virtual:plugboard/<group>'`.
declare module 'virtual:plugboard/*' {
  import type { EntryPoints, LoadResult } from 'plugboard';
  import type { LoadAllOptions } from 'plugboard/bundler';

  /** The group's plugins after its policies, in lookup order; each `load()` fetches its own chunk. */
  const plugins: EntryPoints;
  export default plugins;
  /**
   * Loads every plugin of the group, validated against `options.schema` (a Standard Schema), in
   * the browser as on the server: the same `{ plugins, errors }` as a group's `loadAll()`.
   */
  export function loadAll<T = unknown>(options?: LoadAllOptions<T>): Promise<LoadResult<T>>;
  /** Loads the plugins called `names`, in that order; only their chunks are fetched. */
  export function loadNamed<T = unknown>(names: readonly string[], options?: LoadAllOptions<T>): Promise<LoadResult<T>>;
}
