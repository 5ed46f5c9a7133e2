/**
 * The public types of isolation: the modes, the options a group passes, the permissions a plugin asks
 * for and a host grants, and `Isolated<T>`, what a plugin looks like from the host.
 */
import type { PlugboardError } from '../core/index.js';
import type { EntryPointRef } from '../entry-points/index.js';

/** Where an isolated plugin runs: a worker thread, or a child process under Node's permission model. */
export type IsolateMode = 'worker' | 'process';

/** Values structured clone copies as they are: `Isolated<T>` leaves their methods alone. */
type Cloned =
  | Date
  | RegExp
  | Error
  | ArrayBuffer
  | ArrayBufferView
  | Map<unknown, unknown>
  | Set<unknown>
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>;

/**
 * A plugin of type `T` as the host sees it when it runs in an isolate: every function, at any depth,
 * returns a Promise of its (awaited) result; data properties are structured-cloned copies, taken
 * when the plugin loaded.
 *
 * @example
 * ```ts
 * interface Formatter { name: string; format(s: string): string }
 * const f: Isolated<Formatter> = …; // { readonly name: string; format(s: string): Promise<string> }
 * ```
 */
export type Isolated<T> = T extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : T extends Cloned
    ? T
    : T extends object
      ? { readonly [K in keyof T]: Isolated<T[K]> }
      : T;

/**
 * What a plugin may do beyond the default in process mode. The default is: read its own package
 * folder, its dependencies' folders and plugboard's runner; nothing else. Paths may start with
 * `$HOME`, `$TMP` or `$PACKAGE` (the plugin's package folder) and must be absolute after that.
 */
export interface Permissions {
  /** Files or folders (a folder covers everything under it) the plugin may read. */
  readonly fsRead?: readonly string[];
  /** Files or folders the plugin may write. */
  readonly fsWrite?: readonly string[];
  /** May start child processes. */
  readonly childProcess?: boolean;
  /** May start worker threads. */
  readonly worker?: boolean;
  /** May load native addons. */
  readonly addons?: boolean;
}

/** How a group isolates its plugins: `defineGroup(name, { isolate })`. */
export interface IsolateOptions {
  /** Where each plugin runs. */
  readonly mode: IsolateMode;
  /**
   * Per-plugin overrides by entry name or package name (an entry name wins): another mode, or
   * `'none'` to load that plugin in the host as without isolation.
   */
  readonly plugins?: Readonly<Record<string, IsolateMode | 'none'>>;
  /**
   * Milliseconds one call may take before the isolate is ended and the call rejects with
   * `call-timeout`; `0` or `Infinity` for none.
   * @default 10000
   */
  readonly callTimeout?: number;
  /**
   * The isolate's heap limit in MB (worker `resourceLimits.maxOldGenerationSizeMb`, or the child's
   * `--max-old-space-size`); past it, the isolate ends and the call rejects with `out-of-memory`.
   * @default 256
   */
  readonly maxMemoryMb?: number;
  /**
   * Crashes (any end of the isolate the host did not ask for, a call timeout included) within
   * `crashWindow` after which the plugin is `quarantined`: it is not restarted, every call rejects.
   * @default 5
   */
  readonly maxCrashes?: number;
  /**
   * The window, in milliseconds, in which `maxCrashes` counts.
   * @default 60000
   */
  readonly crashWindow?: number;
  /**
   * Milliseconds before the first restart after a crash; each further crash within `crashWindow`
   * doubles it, up to 30 s. Calls made meanwhile wait for the restart.
   * @default 100
   */
  readonly backoff?: number;
  /**
   * Process mode: what the host grants, to every plugin or per plugin. A plugin whose
   * `meta.permissions` asks for anything not granted here is refused as `permission-denied`. A
   * plugin only ever gets what it asked for.
   */
  readonly grant?: Permissions | ((entryPoint: EntryPointRef) => Permissions | undefined);
  /**
   * Process mode on a runtime without Node's permission model (Bun, Deno, Node before 20): run the
   * child without it instead of refusing the plugin as `permission-model-unavailable`.
   * @default false
   */
  readonly allowUnconfined?: boolean;
  /**
   * Called with each crash's coded error (`isolate-crashed`, `call-timeout`, `out-of-memory`),
   * including one between calls (a later async throw), which no call rejects with.
   */
  readonly onCrash?: (error: PlugboardError) => void;
}

/** What `defineGroup`'s `isolate` option takes: a mode, or the full options. */
export type IsolateSetting = IsolateMode | IsolateOptions;
