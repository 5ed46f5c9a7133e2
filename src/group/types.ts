/**
 * The types of groups: the options of `defineGroup()`, the group object and what loading returns.
 * A module of their own, so that group.ts (which defines groups) and manager.ts (which builds
 * them) both depend on it and not on each other.
 */
import type { EntryPoint, EntryPointRef } from '../entry-points/index.js';
import type { IsolateSetting } from '../isolate/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import type { PlugboardError } from '../core/index.js';
import type { Host, Project } from '../discovery/index.js';
import type { StandardSchemaV1 } from './standard-schema.js';

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

/**
 * Options of `defineGroup()`. All are optional. `trust` and `conflicts` default to what the host
 * declares for the group in its package.json `entryPointGroups` (docs/groups.md, Declaring
 * groups); an option given here wins over the declaration.
 */
export interface GroupOptions<T = unknown> {
  /**
   * A Standard Schema validator (zod, valibot, arktype, …) every loaded object must satisfy; its
   * output type becomes the group's type. The plugin is the schema's output value.
   */
  readonly schema?: StandardSchemaV1<unknown, T>;
  /**
   * A Standard Schema every entry's `meta` must satisfy, checked at discovery (nothing imported):
   * an entry whose meta breaks it is refused as `invalid-meta`. Its input type becomes the type of
   * `entryPoint.meta` in what `loadAll()` returns (meta is checked, not transformed). Must validate
   * synchronously. Wins over the JSON Schema the host declares for the group.
   * @default the host's declared meta schema (`entryPointGroups`), else none
   */
  readonly meta?: StandardSchemaV1;
  /**
   * The host, for the `peerDependencies` check: a plugin whose package lists `host.name` in
   * `peerDependencies` with a range that excludes `host.version` is refused as `incompatible`.
   * @default the name and version of the host's package.json: the nearest one at or above `cwd`
   * (or `from`'s folder), as `host()` names it
   */
  readonly host?: { readonly name: string; readonly version: string };
  /**
   * What to do when several packages declare the same name in the group (after the other policies):
   * `'error'` refuses all of them (`conflict`), `'first'` keeps the one the host would import first
   * (lookup precedence), `'last'` the last one, `'all'` keeps every one.
   * @default the host's declaration (`entryPointGroups`), else 'error'
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
   * `'dependencies'`: only packages the user installed for the host, and the host's own
   * dependencies: the project's direct dependencies (`dependencies`, `optionalDependencies`,
   * `peerDependencies`, and `devDependencies` when the project installed the host as one), the
   * host's, and folders on PLUGBOARD_PATH or in `paths`. A package present only because another one
   * depends on it is `untrusted`. `'installed'`: any package the host can see may provide plugins
   * (`entryPoints()` is always this raw view). docs/cli-hosts.md has the rules for every layout.
   * @default the host's declaration (`entryPointGroups`), else 'dependencies'
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
   * CLI installed globally sees the plugins installed beside it, one installed by a project sees
   * what that project installed. Wins over `cwd` for the host package.json (`host`, its own
   * dependencies): the host is the package `from` belongs to; the project, whose direct
   * dependencies `trust` accepts, is found from `cwd` (docs/cli-hosts.md, the roles).
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

/** An entry point whose `meta` has the type `M` (checked by the group's `meta` schema); just `EntryPoint` when unknown. */
export type TypedEntryPoint<M> = unknown extends M ? EntryPoint : EntryPoint & { readonly meta: M };

/** One loaded plugin. */
export interface LoadedPlugin<T, M = unknown> {
  /** The entry name. */
  readonly name: string;
  /** The loaded (validated, invoked) object. */
  readonly plugin: T;
  /** Where it came from; its `meta` is typed by the group's `meta` schema. */
  readonly entryPoint: TypedEntryPoint<M>;
}

/** A plugin that was refused or failed: a coded plugboard error that names the entry. */
export type PluginError = PlugboardError & {
  readonly entryName: string;
  readonly entryPoint: EntryPointRef | undefined;
};

/**
 * The order `loadAll()` loads in: a comparator of entry points, or `{ meta: field }` to sort by
 * that field of each entry's `meta` (numbers before strings, each ascending; entries without it
 * last). Ties keep discovery order.
 */
export type LoadOrder = ((a: EntryPoint, b: EntryPoint) => number) | { readonly meta: string };

/** Options of `loadAll()`. */
export interface LoadAllOptions {
  /**
   * The order to load in, instead of discovery order. Refused entries are sorted with the others,
   * so each refusal stays in `errors` at its place in that order.
   * @example `{ meta: 'priority' }`, or `(a, b) => a.name.localeCompare(b.name)`
   */
  readonly order?: LoadOrder;
}

/** The result of `loadAll()` and `loadNamed()`. */
export interface LoadResult<T, M = unknown> {
  /** What loaded, in load order. */
  readonly plugins: LoadedPlugin<T, M>[];
  /** What did not, in load order. */
  readonly errors: PluginError[];
}

/** A plugin group: plugins of type `T`, entries whose `meta` has type `M`. */
export interface Group<T, M = unknown> {
  /** The group's name, as plugins declare it under `entryPoints`. */
  readonly name: string;
  /**
   * The host the group checks `peerDependencies` and `trust: 'dependencies'` against: the name,
   * version and path of the host's package.json (the nearest one at or above `from`'s folder or
   * `cwd`, symlinks followed), the one `plugboard doctor` names too. `manifestPath` is
   * `undefined` when the `host` option makes reading it needless. Read again on each call.
   */
  host(): Host | undefined;
  /**
   * The project: where the user installs plugins for the host, whose direct dependencies
   * `trust: 'dependencies'` accepts. Without `from`, the host itself (`kind: 'host'`); with `from`,
   * the project that installed the host, found from `cwd` (`kind: 'local'`), or the global folder
   * of a global install (`kind: 'global'`). docs/cli-hosts.md has the rules. Read again on each call.
   */
  project(): Project | undefined;
  /**
   * The group's entry points after its policies, with diagnostics saying what was refused and why
   * (`blocked`, `not-allowed`, `untrusted`, `incompatible`, `conflict-refused`, `overridden`,
   * `invalid-meta`, and `invalid-declaration` for a host declaration of the group that was ignored).
   * Never imports anything. Discovery runs again on each call.
   */
  discover(): EntryPoints;
  /**
   * Loads the plugin called `name`.
   * @throws {PlugboardError} `not-found`, `ambiguous` (with `conflicts: 'all'`), a policy refusal
   * (`blocked`, `untrusted`, `incompatible`, `conflict`, `invalid-meta`), or a load failure (`module-not-found`,
   * `import-failed`, `attribute-missing`, `contract-failed`, `invoke-failed`, `timeout`).
   */
  load(name: string): Promise<T>;
  /**
   * Loads every accepted plugin, one after another in discovery order (lookup precedence, then
   * package name, then declaration order), or in `options.order`. Refused plugins are in `errors`
   * at their place in that order, except those left out by `allow` or overridden by `conflicts`,
   * which are only diagnostics. Sort here rather than sorting `discover()` and calling
   * `loadNamed()`: `discover()` holds only accepted entries, so that way loses the refusals.
   */
  loadAll(options?: LoadAllOptions): Promise<LoadResult<T, M>>;
  /** Loads the given names in the given order; a missing name is a `not-found` error in the result. */
  loadNamed(names: readonly string[]): Promise<LoadResult<T, M>>;
  /** Ends every isolate the group started (`isolate`); their pending calls reject with `isolate-disposed`. */
  dispose(): Promise<void>;
}
