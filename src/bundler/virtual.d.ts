// The modules `plugboard/bundler` serves. A project lists this file in its tsconfig
// (`"types": ["plugboard/bundler/virtual"]`) to type `import plugins from 'virtual:plugboard/<group>'`.
// It imports types from `plugboard` only: `plugboard/bundler`'s declarations reach unplugin's,
// which name every bundler unplugin supports, and an app's type check would need them all.
declare module 'virtual:plugboard/*' {
  import type { EntryPoints, LoadResult, StandardSchemaV1 } from 'plugboard';

  /** Options of `loadAll()` and `loadNamed()` (`LoadAllOptions` of `plugboard/bundler`). */
  interface LoadAllOptions<T> {
    /** A Standard Schema validator (zod, valibot, …) every loaded object must satisfy. */
    readonly schema?: StandardSchemaV1<unknown, T>;
    /** Arguments to call (or construct) a loaded function (or class) with; the plugin is the result. */
    readonly invoke?: readonly unknown[];
    /** Milliseconds for one plugin's load; `0` or `Infinity` for none. @default 10000 */
    readonly timeout?: number;
    /** `'collect'` every failure in `errors`, or `'throw'` the first. @default 'collect' */
    readonly onError?: 'collect' | 'throw';
  }

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
