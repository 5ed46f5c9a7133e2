/**
 * The browser-safe runtime every `virtual:plugboard/<group>` module imports: it turns the compact
 * table the plugin generated into an `EntryPoints` collection whose entries load through the
 * bundler's own `import()` thunks, and loads them as a group does. It reaches core, the
 * collection, the loading errors and the group's loader only (none of them touches a Node
 * built-in; test/bundler/runtime.test.ts checks the built files), so that it runs in a browser,
 * a worker, or Vite's SSR alike.
 */
import type { Diagnostic } from '../core/index.js';
import {
  AttributeMissingError,
  EntryPointNotFoundError,
  EntryPoints,
  ImportFailedError,
} from '../entry-points/index.js';
import type { EntryPoint, EntryPointRef, PackageInfo, Selector } from '../entry-points/index.js';
import { type LoadedPlugin, type LoadResult, loadPlugin, type PluginError } from '../group/index.js';
import { PlugboardError } from '../core/index.js';
import type { StandardSchemaV1 } from '../group/index.js';

/**
 * One entry as the generated module spells it, kept short because every entry costs bytes in the
 * initial chunk: `[name, value, package, version, load, meta?, dir?]`. `load` is the bundler's
 * `() => import('<package>/<subpath>')`; `dir` is given only when the package is not at
 * `node_modules/<package>` under the project (pnpm's store, a workspace, Yarn's cache).
 */
export type Row = readonly [
  name: string,
  value: string,
  pkg: string,
  version: string,
  load: () => Promise<unknown>,
  meta?: unknown,
  dir?: string,
];

/** An entry point of a bundle: what `EntryPoint` is, with `load()` running the bundler's `import()`. */
class BundledEntryPoint implements EntryPointRef {
  readonly name: string;
  readonly group: string;
  readonly value: string;
  readonly module: string;
  readonly attr: string | undefined;
  readonly meta: unknown;
  readonly package: PackageInfo;
  readonly #import: () => Promise<unknown>;
  #loading: Promise<unknown> | undefined;

  constructor(group: string, row: Row) {
    const [name, value, pkg, version, load, meta, dir] = row;
    const colon = value.indexOf(':');
    this.name = name;
    this.group = group;
    this.value = value;
    this.module = colon === -1 ? value : value.slice(0, colon);
    this.attr = colon === -1 ? undefined : value.slice(colon + 1);
    this.meta = meta;
    // The project-relative folder: what a message can name in a bundle, where absolute paths of the
    // build machine would mean nothing (and should not ship).
    this.package = Object.freeze({ name: pkg, version, dir: dir ?? `node_modules/${pkg}`, origin: 'static' as const });
    this.#import = load;
    Object.freeze(this);
  }

  /** The specifier the bundle imports, `<package>` or `<package>/<subpath>`: what a bundle can name. */
  resolve(): string {
    return this.package.name + this.module.slice(1);
  }

  load(): Promise<unknown> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<unknown> {
    const path = this.resolve();
    let target: unknown;
    try {
      target = await this.#import();
    } catch (error) {
      throw new ImportFailedError({ entryPoint: this, path, cause: error });
    }
    if (this.attr === undefined) return asNamespace(target);
    for (const part of this.attr.split('.')) {
      const holder = target;
      const found = holder !== null && (typeof holder === 'object' || typeof holder === 'function') && part in holder;
      if (!found) {
        const keys = holder !== null && typeof holder === 'object' ? Object.keys(holder) : [];
        throw new AttributeMissingError({ entryPoint: this, path, missing: part, keys });
      }
      target = (holder as Record<string, unknown>)[part];
    }
    return target;
  }

  matches(selector: Selector): boolean {
    return (
      (selector.group === undefined || selector.group === this.group) &&
      (selector.name === undefined || selector.name === this.name) &&
      (selector.package === undefined || selector.package === this.package.name)
    );
  }

  toString(): string {
    const version = this.package.version ? `@${this.package.version}` : '';
    return `${this.group}:${this.name} = ${this.value} (${this.package.name}${version})`;
  }

  toJSON(): Record<string, unknown> {
    const { name, group, value, meta } = this;
    return {
      group,
      name,
      value,
      meta,
      package: this.package.name,
      version: this.package.version,
      dir: this.package.dir,
    };
  }
}

/**
 * What `import()` gave, as the module namespace it is. A bundler's stand-in for a namespace is not
 * always tagged as one: esbuild's interop for a CommonJS module (`__toESM`) is a plain object with
 * `default` beside the exports, which the group's loader would not unwrap as Node's `import()`
 * result is unwrapped.
 */
function asNamespace(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Object.prototype.toString.call(value) === '[object Module]')
    return value;
  return Object.freeze(Object.assign(Object.create(null), value, { [Symbol.toStringTag]: 'Module' }));
}

/**
 * The collection a `virtual:plugboard/<group>` module exports: an `EntryPoints`, as
 * `entryPoints()` returns, in lookup order.
 */
export function collection(group: string, rows: readonly Row[], diagnostics: readonly Diagnostic[] = []): EntryPoints {
  // Structurally an EntryPoint (EntryPoints only reads the public members); `instanceof EntryPoint` is false.
  return new EntryPoints(
    rows.map((row) => new BundledEntryPoint(group, row) as unknown as EntryPoint),
    diagnostics,
  );
}

/** Options of a bundle's `loadAll()`: those of `defineGroup()` that apply once the set is fixed. */
export interface LoadAllOptions<T = unknown> {
  /** A Standard Schema validator (zod, valibot, …) every loaded object must satisfy. */
  readonly schema?: StandardSchemaV1<unknown, T>;
  /** Arguments to call (or construct) a loaded function (or class) with; the plugin is the result. */
  readonly invoke?: readonly unknown[];
  /** Milliseconds for one plugin's load; `0` or `Infinity` for none. @default 10000 */
  readonly timeout?: number;
  /** `'collect'` every failure in `errors`, or `'throw'` the first. @default 'collect' */
  readonly onError?: 'collect' | 'throw';
}

/**
 * Loads every entry of `plugins`, one after another in their order, validated against `schema`:
 * the same `{ plugins, errors }` as a group's `loadAll()`, with each failure a coded error that
 * names the entry and its package.
 */
export function loadAll(plugins: EntryPoints, options: LoadAllOptions = {}): Promise<LoadResult<unknown>> {
  return run([...plugins], options);
}

/**
 * Loads the entries called `names`, in that order, as a group's `loadNamed()`: a name the
 * collection lacks is a `not-found` error in `errors`. Nothing else is fetched.
 */
export function loadNamed(
  plugins: EntryPoints,
  names: readonly string[],
  options: LoadAllOptions = {},
): Promise<LoadResult<unknown>> {
  const jobs: (EntryPoint | PlugboardError)[] = [];
  for (const name of new Set(names)) {
    const mine = plugins.select({ name }).toArray();
    if (mine.length) jobs.push(...mine);
    else jobs.push(new EntryPointNotFoundError({ name, available: plugins.names, groups: plugins.groups }));
  }
  return run(jobs, options);
}

async function run(
  jobs: readonly (EntryPoint | PlugboardError)[],
  options: LoadAllOptions,
): Promise<LoadResult<unknown>> {
  const spec = { schema: options.schema, invoke: options.invoke, timeout: options.timeout ?? 10_000 };
  const loaded: LoadedPlugin<unknown>[] = [];
  const errors: PluginError[] = [];
  for (const ep of jobs) {
    try {
      if (ep instanceof PlugboardError) throw ep;
      loaded.push(Object.freeze({ name: ep.name, plugin: await loadPlugin(ep, spec), entryPoint: ep }));
    } catch (error) {
      if (options.onError === 'throw') throw error;
      errors.push(error as PlugboardError as PluginError);
    }
  }
  return { plugins: loaded, errors };
}
