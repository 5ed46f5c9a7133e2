/**
 * The plugin, written once against unplugin's neutral hooks: it serves `virtual:plugboard/<group>`
 * from a group's discovery (policies included, nothing imported), turns diagnostics into build
 * warnings and errors, and in a dev server or watch mode regenerates the module when a package
 * manager changes what is installed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUnplugin, type UnpluginInstance } from 'unplugin';
import { defineGroup } from '../group/index.js';
import { generate } from './generate.js';
import type { BundlerOptions, GroupPolicies } from './options.js';
import { watchInstalls } from './watch.js';

type RollupResolve = (
  id: string,
  importer: string,
  options: { skipSelf: boolean },
) => Promise<{ id: string; external?: boolean } | null>;

/** The ids a bundle imports. */
export const PREFIX = 'virtual:plugboard/';
/** The ids they resolve to: `\0` keeps other plugins (and Vite's import analysis) away, by convention. */
const RESOLVED = `\0${PREFIX}`;

/** The runtime the generated modules import, beside this module once built (dist/bundler/runtime.js). */
function runtimePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'runtime.js');
  return existsSync(built) ? built : join(here, 'runtime.ts');
}

/** unplugin's instance: `.vite`, `.rollup`, `.webpack`, `.esbuild`, `.rspack` and the others it knows. */
export const plugboard: UnpluginInstance<BundlerOptions | undefined, false> = createUnplugin(
  (options: BundlerOptions | undefined = {}) => {
    let root = options.cwd;
    const runtime = runtimePath();
    const groups = options.groups;
    const served = new Set<string>();
    let stopWatching: (() => void) | undefined;
    /** Called when installs change, with the ids to reload (set by the host adapters below). */
    let onChange: ((ids: string[]) => void) | undefined;

    const projectRoot = () => root ?? process.cwd();
    const policiesOf = (group: string): GroupPolicies | undefined => {
      const { allow, block, trust, host, conflicts } = options;
      const base: GroupPolicies = { allow, block, trust, host, conflicts };
      if (groups === undefined) return base;
      if (Array.isArray(groups)) return groups.includes(group) ? base : undefined;
      const own = (groups as Readonly<Record<string, GroupPolicies>>)[group];
      return own === undefined || !Object.hasOwn(groups, group) ? undefined : { ...base, ...own };
    };
    const watch = () => {
      stopWatching ??= watchInstalls(projectRoot(), () => onChange?.([...served].map((g) => RESOLVED + g)));
    };

    return {
      name: 'plugboard',
      enforce: 'pre',
      resolveId(id, importer) {
        if (id.startsWith(PREFIX)) return RESOLVED + id.slice(PREFIX.length);
        if (id.startsWith(RESOLVED)) return id;
        // The plugins' specifiers resolve from the project, as the user's own `import` would: a
        // virtual module has no folder, and Rollup's node-resolve would look beside '\0virtual:…'.
        if (importer?.startsWith(RESOLVED) && 'resolve' in this && typeof this.resolve === 'function') {
          return (this.resolve as RollupResolve)(id, join(projectRoot(), 'package.json'), { skipSelf: true });
        }
        return null;
      },
      loadInclude: (id) => id.startsWith(RESOLVED),
      load(id) {
        if (!id.startsWith(RESOLVED)) return null;
        const group = id.slice(RESOLVED.length);
        const policies = policiesOf(group);
        if (policies === undefined) {
          const listed = Array.isArray(groups) ? groups : Object.keys(groups ?? {});
          this.error(
            `plugboard: group '${group}' is imported as '${PREFIX}${group}' but the plugin's groups option leaves it out (groups: ${listed.map((g) => `'${g}'`).join(', ')}); add it to groups`,
          );
          // Rollup and Vite threw above; esbuild and webpack collect the error, and esbuild reports
          // it only with a module (with none it would say it cannot load the path).
          return { code: '', map: null };
        }
        const cwd = projectRoot();
        const found = defineGroup(group, { ...policies, cwd }).discover();
        const { code, errors, warnings } = generate(group, found, runtime, cwd);
        for (const warning of warnings) this.warn(`plugboard: ${warning}`);
        if (errors.length) this.error(`plugboard: ${errors.join('\nplugboard: ')}`);
        served.add(group);
        return { code, map: null };
      },
      buildEnd() {
        // A one-off build stops here; a watcher (Vite's server, webpack --watch) keeps its own.
        if (!onChange) {
          stopWatching?.();
          stopWatching = undefined;
        }
      },
      vite: {
        configResolved(config) {
          root ??= config.root;
        },
        configureServer(server) {
          onChange = (ids) => {
            for (const id of ids) {
              const module = server.moduleGraph.getModuleById(id);
              if (module) server.moduleGraph.invalidateModule(module);
            }
            server.ws.send({ type: 'full-reload' });
          };
          watch();
          server.httpServer?.once('close', () => stopWatching?.());
        },
      },
      webpack(compiler) {
        root ??= compiler.options.context;
        // webpack takes 'virtual:' for a URL scheme and reads it itself, before any resolver (and
        // so unplugin) sees it: hand the resolvers the '\0' id, which has no scheme.
        new compiler.webpack.NormalModuleReplacementPlugin(/^virtual:plugboard\//, (resource) => {
          resource.request = `\0${resource.request}`;
        }).apply(compiler);
        compiler.hooks.watchRun.tap('plugboard', () => {
          onChange ??= () => compiler.watching?.invalidate();
          watch();
        });
        compiler.hooks.watchClose.tap('plugboard', () => stopWatching?.());
        // A virtual module has no file whose change webpack would notice: built uncacheable, it is
        // generated again by each compilation of watch mode (the change above starts one).
        compiler.hooks.compilation.tap('plugboard', (compilation) => {
          compilation.hooks.succeedModule.tap('plugboard', (module) => {
            const resource = (module as { resource?: string }).resource;
            if (resource && decodeURIComponent(resource).includes(PREFIX) && module.buildInfo)
              module.buildInfo.cacheable = false;
          });
        });
      },
      rspack(compiler) {
        root ??= compiler.options.context;
      },
      esbuild: {
        setup(build) {
          root ??= build.initialOptions.absWorkingDir;
          // unplugin gives a virtual module the folder '\0virtual:plugboard', which esbuild cannot
          // read: resolve what it imports from the project instead. Runs after unplugin's own
          // onResolve, which passes on these.
          build.onResolve({ filter: /.*/, namespace: 'plugboard' }, (args) =>
            args.path.startsWith(PREFIX) || args.path.startsWith(RESOLVED)
              ? undefined
              : build.resolve(args.path, { kind: args.kind, resolveDir: projectRoot() }),
          );
        },
      },
    };
  },
);
