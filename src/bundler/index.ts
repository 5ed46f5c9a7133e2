// `plugboard/bundler`: plugins in bundled and browser apps. One plugin over unplugin, one factory
// per bundler, each serving `virtual:plugboard/<group>` (docs/bundler.md). Runs in Node, at build time.
import type { EsbuildPlugin, RspackPluginInstance, VitePlugin, WebpackPluginInstance } from 'unplugin';
import type { RollupPlugin } from 'unplugin';
import type { BundlerOptions } from './options.js';
import { plugboard } from './plugin.js';

export type { BundlerOptions, GroupPolicies } from './options.js';
export type { LoadAllOptions } from './runtime.js';

/** The Vite plugin. @example `plugins: [vite({ groups: ['my-app.widgets'] })]` */
export const vite: (options?: BundlerOptions) => VitePlugin = plugboard.vite;
/** The Rollup plugin. */
export const rollup: (options?: BundlerOptions) => RollupPlugin = plugboard.rollup;
/** The webpack plugin. */
export const webpack: (options?: BundlerOptions) => WebpackPluginInstance = plugboard.webpack;
/** The esbuild plugin. */
export const esbuild: (options?: BundlerOptions) => EsbuildPlugin = plugboard.esbuild;
/** The Rspack plugin. */
export const rspack: (options?: BundlerOptions) => RspackPluginInstance = plugboard.rspack;
