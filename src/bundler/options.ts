/** The options of `plugboard/bundler`'s plugins. */
import type { GroupOptions } from '../group/index.js';

/** The policies of `defineGroup()` that decide, at build time, which plugins a bundle serves. */
export type GroupPolicies = Pick<GroupOptions, 'allow' | 'block' | 'trust' | 'host' | 'conflicts'>;

/** Options of `vite()`, `rollup()`, `webpack()`, `esbuild()` and `rspack()`. All are optional. */
export interface BundlerOptions extends GroupPolicies {
  /**
   * The groups the bundle may import as `virtual:plugboard/<group>`: a list, or a record whose
   * values override the top-level policies for that group. Importing a group left out fails the
   * build.
   * @default every group the code imports
   */
  readonly groups?: readonly string[] | Readonly<Record<string, GroupPolicies>>;
  /**
   * The project root to discover from, as `entryPoints({ cwd })`.
   * @default Vite's `root`, webpack's and Rspack's `context`, esbuild's `absWorkingDir`, else `process.cwd()`
   */
  readonly cwd?: string;
}
