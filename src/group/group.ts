/**
 * `defineGroup()`: a typed plugin group. Discovery plus policies (block, allow, autoload switch,
 * trust, host compatibility, conflicts) without importing anything, then loading one, some or all
 * plugins, each under a timeout and checked against a Standard Schema, with one broken plugin never
 * stopping the others.
 */
import { createGroup } from './manager.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { EntryPoint, EntryPointRef } from '../entry-points/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import type { PlugboardError } from '../core/index.js';
import type { Isolated, IsolateSetting } from '../isolate/index.js';

/** What `invoke` calls the loaded object with: the parameters of `T`'s call or construct signature. */
export type InvokeArgs<T> = unknown extends T
  ? readonly unknown[]
  : T extends abstract new (
        ...args: infer A
      ) => unknown
    ? Readonly<A>
    : T extends (...args: infer A) => unknown
      ? Readonly<A>
      : never;

/**
 * What a plugin of type `T` becomes once invoked: a class's instance, a function's (awaited) result.
 * Anything that is neither is used as it is, as at runtime.
 */
export type Invoked<T> = unknown extends T
  ? unknown
  : T extends abstract new (
        ...args: any[]
      ) => infer R
    ? R
    : T extends (...args: any[]) => infer R
      ? Awaited<R>
      : T;

/** Options of `defineGroup()`. All are optional. */
export interface GroupOptions<T = unknown> {
  /**
   * A Standard Schema validator (zod, valibot, arktype, …) every loaded object must satisfy; its
   * output type becomes the group's type. The plugin is the schema's output value.
   */
  readonly schema?: StandardSchemaV1<unknown, T>;
  /**
   * The host, for the `peerDependencies` check: a plugin whose package lists `host.name` in
   * `peerDependencies` with a range that excludes `host.version` is refused as `incompatible`.
   * @default the name and version of the nearest package.json at or above `cwd`
   */
  readonly host?: { readonly name: string; readonly version: string };
  /**
   * What to do when several packages declare the same name in the group (after the other policies):
   * `'error'` refuses all of them (`conflict`), `'first'` keeps the one the host would import first
   * (lookup precedence), `'last'` the last one, `'all'` keeps every one.
   * @default 'error'
   */
  readonly conflicts?: 'error' | 'first' | 'last' | 'all';
  /**
   * Entry names or package names to load; when given, nothing else is loaded. Package names match
   * the real `name` in package.json only, never an npm alias.
   */
  readonly allow?: readonly string[];
  /** Entry names or package names never to load. Matches the real package name and an npm alias. Wins over `allow`. */
  readonly block?: readonly string[];
  /**
   * `'installed'`: any installed package may provide plugins. `'dependencies'`: only direct
   * dependencies of the host package.json (`dependencies`, `optionalDependencies`,
   * `peerDependencies`); a package present only because another one depends on it is `untrusted`.
   * @default 'installed'
   */
  readonly trust?: 'installed' | 'dependencies';
  /**
   * Milliseconds for one plugin's load (import, validation and invoke); `0` or `Infinity` for none.
   * Anything else that is not a positive number throws a `TypeError` from `defineGroup()`.
   * @default 10000
   */
  readonly timeout?: number;
  /**
   * `'collect'`: `loadAll()` and `loadNamed()` resolve with every failure in `errors`. `'throw'`:
   * they reject with the first failure, in load order, and load nothing after it. `load()` always throws.
   * @default 'collect'
   */
  readonly onError?: 'collect' | 'throw';
  /**
   * The directory the host resolves from (discovery, and the default host package.json).
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The module the group discovers for, usually `import.meta.url`, as `entryPoints({ from })`: a
   * CLI installed globally sees the plugins installed beside it. Wins over `cwd` for discovery and
   * for the host package.json (`trust`, `host`): the host is the package `from` belongs to, not
   * the project the user runs it in.
   */
  readonly from?: string | URL;
  /** Extra directories that hold packages, passed to discovery. */
  readonly paths?: readonly string[];
  /**
   * The environment to read `PLUGBOARD_DISABLE_AUTOLOAD`, `NODE_PATH` and `PLUGBOARD_PATH` from.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Load each plugin in its own worker thread (`'worker'`) or child process (`'process'`, under
   * Node's permission model), or per the full options; the plugin is then an `Isolated<T>` proxy
   * whose functions return promises. docs/isolation.md.
   */
  readonly isolate?: IsolateSetting;
}

/** One loaded plugin. */
export interface LoadedPlugin<T> {
  /** The entry name. */
  readonly name: string;
  /** The loaded (validated, invoked) object. */
  readonly plugin: T;
  /** Where it came from. */
  readonly entryPoint: EntryPoint;
}

/** A plugin that was refused or failed: a coded plugboard error that names the entry. */
export type PluginError = PlugboardError & {
  readonly entryName: string;
  readonly entryPoint: EntryPointRef | undefined;
};

/** The result of `loadAll()` and `loadNamed()`. */
export interface LoadResult<T> {
  /** What loaded, in load order. */
  readonly plugins: LoadedPlugin<T>[];
  /** What did not, in load order. */
  readonly errors: PluginError[];
}

/** A plugin group. */
export interface Group<T> {
  /** The group's name, as plugins declare it under `entryPoints`. */
  readonly name: string;
  /**
   * The group's entry points after its policies, with diagnostics saying what was refused and why
   * (`blocked`, `not-allowed`, `untrusted`, `incompatible`, `conflict-refused`, `overridden`).
   * Never imports anything. Discovery runs again on each call.
   */
  discover(): EntryPoints;
  /**
   * Loads the plugin called `name`.
   * @throws {PlugboardError} `not-found`, `ambiguous` (with `conflicts: 'all'`), a policy refusal
   * (`blocked`, `untrusted`, `incompatible`, `conflict`), or a load failure (`module-not-found`,
   * `import-failed`, `attribute-missing`, `contract-failed`, `invoke-failed`, `timeout`).
   */
  load(name: string): Promise<T>;
  /**
   * Loads every accepted plugin, one after another in discovery order (lookup precedence, then
   * package name, then declaration order). Refused plugins are in `errors` at their place in that
   * order, except those left out by `allow` or overridden by `conflicts`, which are only diagnostics.
   */
  loadAll(): Promise<LoadResult<T>>;
  /** Loads the given names in the given order; a missing name is a `not-found` error in the result. */
  loadNamed(names: readonly string[]): Promise<LoadResult<T>>;
  /** Ends every isolate the group started (`isolate`); their pending calls reject with `isolate-disposed`. */
  dispose(): Promise<void>;
}

/**
 * Defines a plugin group.
 *
 * @param name the group plugins declare under `entryPoints` in their package.json.
 * @param options schema, policies, timeout, invoke and discovery options; all optional.
 * @returns the group: `discover()`, `load(name)`, `loadAll()`, `loadNamed(names)`.
 * @example
 * ```ts
 * import { defineGroup } from 'plugboard';
 * import * as z from 'zod';
 *
 * const formatters = defineGroup('my-app.formatters', {
 *   schema: z.object({ format: z.custom<(s: string) => string>((f) => typeof f === 'function') }),
 * });
 * const { plugins, errors } = await formatters.loadAll();
 * ```
 */
export function defineGroup<S extends StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly invoke?: undefined;
    readonly isolate: IsolateSetting;
  },
): Group<Isolated<StandardSchemaV1.InferOutput<S>>>;
/** Defines a group of isolated plugins of the declared type `T`: each is an `Isolated<T>` proxy. */
export function defineGroup<T = unknown>(
  name: string,
  options: GroupOptions<T> & { readonly invoke?: undefined; readonly isolate: IsolateSetting },
): Group<Isolated<T>>;
/** Isolated plugins that export a function or class, invoked inside the isolate. */
export function defineGroup<S extends StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly invoke: InvokeArgs<StandardSchemaV1.InferOutput<S>>;
    readonly isolate: IsolateSetting;
  },
): Group<Isolated<Invoked<StandardSchemaV1.InferOutput<S>>>>;
/** Isolated plugins of the declared type `T`, a function or class invoked inside the isolate. */
export function defineGroup<T>(
  name: string,
  options: GroupOptions<T> & { readonly invoke: InvokeArgs<T>; readonly isolate: IsolateSetting },
): Group<Isolated<Invoked<T>>>;
export function defineGroup<S extends StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & { readonly schema: S; readonly invoke?: undefined },
): Group<StandardSchemaV1.InferOutput<S>>;
/**
 * Defines a plugin group whose plugins export a function or class, called with `invoke` on load
 * (stevedore's `invoke_on_load`); the plugin is the result. The schema checks the exported object.
 */
export function defineGroup<S extends StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly invoke: InvokeArgs<StandardSchemaV1.InferOutput<S>>;
  },
): Group<Invoked<StandardSchemaV1.InferOutput<S>>>;
/** Defines a plugin group whose plugins have the declared type `T` (unchecked at runtime without a schema). */
export function defineGroup<T = unknown>(
  name: string,
  options?: GroupOptions<T> & { readonly invoke?: undefined },
): Group<T>;
/** Defines a plugin group whose plugins export `T`, a function or class called with `invoke`. */
export function defineGroup<T>(
  name: string,
  options: GroupOptions<T> & { readonly invoke: InvokeArgs<T> },
): Group<Invoked<T>>;
export function defineGroup(
  name: string,
  options: GroupOptions & { readonly invoke?: readonly unknown[] | undefined } = {},
): Group<unknown> {
  return createGroup(name, options);
}
