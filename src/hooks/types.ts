// The public types of the hooks system. They live apart from the runtime (as in unjs/hookable) so
// the type-level contract can be read, and tested, on its own.
import type { ErrorEntryPoint } from '../core/index.js';
import type {
  BlockedPluginError,
  DuplicatePluginError,
  HookCallError,
  InvalidPluginError,
  NotAFunctionError,
  OrderCycleError,
  RequiredHookMissingError,
  UnknownHookError,
} from './errors.js';

/**
 * How the implementations of a hook are combined.
 * - `series`: call every implementation; the result is the array of their results.
 * - `first`: stop at the first result that is not `undefined` and return it.
 * - `waterfall`: thread the first argument through the implementations; the result is the final value.
 * - `parallel`: async only; start every implementation at once; the result is the array of their results.
 * - `parallel-first`: async only; start every implementation at once; the result is the first answer
 *   that is not `undefined`, in call order, as soon as every implementation before it has settled
 *   (tapable's `AsyncParallelBailHook`).
 */
export type HookKind = 'series' | 'first' | 'waterfall' | 'parallel' | 'parallel-first';

/** What the spec of a hook of any kind holds; see `HookSpec`. */
export interface HookSpecBase<K extends HookKind> {
  /** How implementations are combined. */
  readonly kind: K;
  /**
   * `check()` reports this hook when no plugin implements it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Remember calls; a plugin registered later is called with each remembered call's arguments.
   * `true` remembers every call for the life of the hooks object (as pluggy does), so memory grows
   * with each call; `{ limit: n }` keeps only the newest `n` calls (a positive integer), dropping
   * the oldest first. `hooks.clearHistory()` forgets them explicitly.
   * @default false
   */
  readonly historic?: boolean | HistoricOptions;
}

/** The options only a `series` hook has; see `HookSpec`. */
export interface SeriesOptions {
  /**
   * `series` only. `false` makes the hook a notification: every implementation is still called and
   * checked, but their results are not gathered, and `call()`/`callAsync()` return `undefined`. For
   * hooks whose results nobody reads (`done`, `onChange`), this saves building an array per call.
   * @default true
   */
  readonly results?: boolean;
}

/**
 * The spec of one hook. `results` belongs to `series` hooks only: on another kind it is a type
 * error here, and an `invalid-hook-spec` error at run time.
 */
export type HookSpec<K extends HookKind = HookKind> = K extends 'series'
  ? HookSpecBase<K> & SeriesOptions
  : HookSpecBase<K> & { readonly results?: never };

/** The bounded form of `historic` in a `HookSpec`. */
export interface HistoricOptions {
  /** How many calls to remember, newest kept: a positive integer. */
  readonly limit: number;
}

/** Any function: the shape every hook signature in `H` must have. */
export type HookFunction = (...args: any[]) => any;

/** The names of `H` that are hook signatures (function-typed properties or methods). */
export type HookName<H> = {
  [K in keyof H]-?: K extends string ? (NonNullable<H[K]> extends HookFunction ? K : never) : never;
}[keyof H];

// The helpers below are exported because the signatures above and below name them: every type a
// user sees in a hover or an error can be imported by its name.

/** The signature of hook `K` of the hook interface `H` (optional hooks included). */
export type HookSignature<H, K extends keyof H> = NonNullable<H[K]> extends HookFunction ? NonNullable<H[K]> : never;
/** The parameters of a hook signature `F`. */
export type HookArgs<F> = F extends (...args: infer A) => any ? A : never;
/** The return type of a hook signature `F`. */
export type HookReturn<F> = F extends (...args: any[]) => infer R ? R : never;

/** Kinds a signature may use: `waterfall` needs a first argument to thread, `parallel` is async. */
export type HookKindsFor<F> = HookArgs<F> extends [] ? Exclude<HookKind, 'waterfall'> : HookKind;

/** The spec object `createHooks` accepts for the hook interface `H`: one `HookSpec` per hook. */
export type HooksSpec<H> = { readonly [K in HookName<H>]: HookSpec<HookKindsFor<HookSignature<H, K>>> };

/** Options of the hooks object, given next to the spec. */
export interface CreateHooksOptions {
  /**
   * Let `register()` accept objects with properties that are not declared hooks; they are ignored.
   * Without it, such a property is an `unknown-hook` error.
   * @default false
   */
  readonly allowExtra?: boolean;
}

/** The `kind` that spec `S` gives hook `K`. */
export type HookKindOf<S, K> = K extends keyof S ? (S[K] extends { readonly kind: infer X } ? X : never) : never;

/** Whether hook `K` of spec `S` is a `series` declared with `results: false`. */
export type DiscardsResults<S, K> =
  HookKindOf<S, K> extends 'series'
    ? (K extends keyof S ? (S[K] extends { readonly results: infer R } ? R : true) : true) extends false
      ? true
      : false
    : false;

/** What `call()` of hook `K` returns: the kind's result, or `undefined` for `results: false`. */
export type CallResult<H, S, K extends HookName<H>> =
  DiscardsResults<S, K> extends true ? undefined : SyncResult<HookSignature<H, K>, HookKindOf<S, K>>;

/** What `callAsync()` of hook `K` resolves to; see `CallResult`. */
export type CallAsyncResult<H, S, K extends HookName<H>> =
  DiscardsResults<S, K> extends true ? undefined : AsyncResult<HookSignature<H, K>, HookKindOf<S, K>>;

/** What `call()` returns for a hook with signature `F` and kind `Kind`. */
export type SyncResult<F, Kind> = Kind extends 'series'
  ? HookReturn<F>[]
  : Kind extends 'first'
    ? HookReturn<F> | undefined
    : Kind extends 'waterfall'
      ? HookArgs<F>[0]
      : never;

/** What `callAsync()` resolves to for a hook with signature `F` and kind `Kind`. */
export type AsyncResult<F, Kind> = Kind extends 'series' | 'parallel'
  ? Awaited<HookReturn<F>>[]
  : Kind extends 'first' | 'parallel-first'
    ? Awaited<HookReturn<F>> | undefined
    : Kind extends 'waterfall'
      ? Awaited<HookArgs<F>[0]>
      : never;

/** The hooks that `call()` accepts: not `parallel`, and not declared to return a promise. */
export type SyncHookName<H, S> = {
  [K in HookName<H>]: HookKindOf<S, K> extends 'parallel' | 'parallel-first'
    ? never
    : HookReturn<HookSignature<H, K>> extends PromiseLike<any>
      ? never
      : K;
}[HookName<H>];

// Phantom keys: they exist only in the types. Wrappers are typed as non-callable objects so that a
// hook's type stays "one function signature or a wrapper", which keeps contextual typing of plain
// implementations (`transform: (code) => ...`) working; one key per mode so `wrap()` infers its
// types from the right member of that union.
declare const syncWrapper: unique symbol;
declare const asyncWrapper: unique symbol;

/**
 * The `next` a wrapper receives for a hook with parameters `A`: it runs the rest of the chain (inner
 * wrappers, then every plain implementation) and returns `R`. Called with no arguments, the chain
 * gets the arguments the wrapper got; called with the hook's full parameter list, it gets those
 * instead. The chain runs at most once: calling `next` again returns (or throws) what the first call
 * did.
 */
export type WrapperNext<A extends unknown[], R> = (...args: [] | A) => R;

/**
 * The parameter list of a wrapper's `next`: the hook's, `N`, when `wrap()` could infer it from where
 * the wrapper is used, else any arguments (a wrapper made apart from any hook; see wrap.ts).
 */
export type KnownArgs<N extends unknown[]> = unknown[] extends N ? any : N;

// Two parameter lists, `A` (what the wrapper declares) and `N` (what `next` takes, the hook's full
// list), because they can differ: `wrap((next, id) => next(id, 'x'))` for `resolve(id, importer?)`
// declares one parameter, and `wrap` infers `A` from the declared ones. With a single list, `next`
// (typed from the hook) and the inferred `A` would disagree and a valid wrapper would not compile.
// See wrap.ts for how `N` is inferred.

/**
 * A wrapper for synchronous chains, made with `wrap()`. `next()` runs the rest of the chain and
 * returns its result synchronously. `A` is the parameter list the wrapper declares, `N` the one
 * `next` accepts.
 */
export interface SyncWrapper<A extends unknown[], Out, N extends unknown[] = A> {
  readonly [syncWrapper]: (next: WrapperNext<N, Out>, ...args: A) => Out;
}

/**
 * A wrapper for asynchronous chains, made with `wrapAsync()`. `next()` runs the rest of the chain
 * and returns a promise of its result. Only `callAsync()` can run it. `A` and `N` are as in
 * `SyncWrapper`.
 */
export interface AsyncWrapper<A extends unknown[], Out, N extends unknown[] = A> {
  readonly [asyncWrapper]: (next: WrapperNext<N, Promise<Out>>, ...args: A) => Out | Promise<Out>;
}

/** The value a plugin may give for hook `K`: a plain implementation or a wrapper. */
export type HookImpl<H, S, K extends HookName<H>> =
  | HookSignature<H, K>
  | AsyncWrapper<HookArgs<HookSignature<H, K>>, CallAsyncResult<H, S, K>>
  | (K extends SyncHookName<H, S> ? SyncWrapper<HookArgs<HookSignature<H, K>>, CallResult<H, S, K>> : never);

declare const unknownSpec: unique symbol;
/** `HookImpls`' default spec: the spec is not known, so only plain implementations are typed. */
export interface UnknownSpec {
  readonly [unknownSpec]: true;
}

/**
 * An object implementing any subset of the hooks `H` (what `register()` takes). With the spec's
 * type, `HookImpls<H, typeof spec>`, wrappers are allowed too; without it (`HookImpls<H>`), a
 * wrapper's result type is not known, so only plain implementations are, and the object can be
 * given to the `register()` of any hooks object for `H`.
 */
export type HookImpls<H, S = UnknownSpec> = {
  [K in HookName<H>]?: [S] extends [UnknownSpec] ? HookSignature<H, K> : HookImpl<H, S, K>;
};

/** Options of `register()`. */
export interface RegisterOptions extends ImplOrder {
  /**
   * The plugin's name, used in errors, monitoring and `before`/`after` of other plugins. Unique,
   * and not blank.
   * @default `anonymous#<n>`
   */
  readonly name?: string;
}

/** How one implementation is ordered (`ordered()`), or a whole plugin (`register()`'s options). */
export interface ImplOrder {
  /** Run in the first (`'pre'`) or last (`'post'`) tier. Tiers beat `before`/`after`. */
  readonly order?: 'pre' | 'post';
  /** Names of plugins this one must run before (in the same tier). Unknown names are ignored. */
  readonly before?: readonly string[];
  /** Names of plugins this one must run after (in the same tier). Unknown names are ignored. */
  readonly after?: readonly string[];
}

/** One registered implementation, as `hooks.implementations(hook)` lists it (pluggy's `get_hookimpls`). */
export interface HookImplementation {
  readonly plugin: string;
  readonly hook: string;
  /** The function the plugin gave (for a wrapper, the function given to `wrap`/`wrapAsync`). */
  readonly function: HookFunction;
  /** `'sync'` or `'async'` for wrappers (`wrap`, `wrapAsync`), else `undefined`. */
  readonly wrapper: 'sync' | 'async' | undefined;
  /** The order it runs in, from `ordered()` or else its plugin's options. */
  readonly order: 'pre' | 'post' | undefined;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** Undoes a registration. Calling it more than once does nothing. */
export interface Unregister {
  (): void;
  /**
   * Settles when the historic replays this registration started have finished: resolves, or
   * rejects with a `HookCallError` for the first replay that failed. Resolved at once when nothing
   * was replayed asynchronously.
   */
  readonly ready: Promise<void>;
}

/** A loaded plugin as a group's `loadAll()` returns it; only the fields `registerAll` needs. */
export interface LoadedHookPlugin<P> {
  readonly name: string;
  readonly plugin: P;
  /** Where it came from: errors about it then name its package and package.json, for its author. */
  readonly entryPoint?: ErrorEntryPoint;
}

/** Every error `register()` throws, and so what `registerAll()` collects. */
export type RegisterError =
  | UnknownHookError
  | NotAFunctionError
  | InvalidPluginError
  | DuplicatePluginError
  | OrderCycleError
  | BlockedPluginError
  | HookCallError;

/** Options of `registerAll()`. */
export interface RegisterAllOptions {
  /**
   * `'collect'` skips a plugin that fails to register and returns its error in `errors`, so one
   * broken third-party plugin cannot take the host down. `'throw'` undoes the plugins already
   * registered by this call and throws the first failure.
   * @default 'collect'
   */
  readonly errors?: ErrorPolicy;
  /**
   * Called with the error of each plugin that fails to register (it is skipped, and in `errors`
   * too). An `onError` that throws stops the call: what it registered is undone and its error is
   * thrown.
   */
  readonly onError?: (error: RegisterError, plugin: LoadedHookPlugin<unknown>) => void;
}

/** What `registerAll()` returns: one `Unregister` for all, and what failed. */
export interface RegisteredAll extends Unregister {
  /** One error per plugin that was skipped, in order; empty when all registered. */
  readonly errors: readonly RegisterError[];
}

/** Error policy of a call. */
export type ErrorPolicy = 'throw' | 'collect';

/** Options for `hooks.with()`. */
export interface CallOptions<H = any> {
  /**
   * `'throw'` stops at the first failing implementation and rethrows its error unchanged.
   * `'collect'` runs every implementation and returns `{ result, errors }`.
   * @default 'throw'
   */
  readonly errors?: ErrorPolicy;
  /** Plugins whose implementations these calls skip (pluggy's `subset_hook_caller`). Unknown names are ignored. */
  readonly exclude?: readonly string[];
  /**
   * More implementations, per hook, for these calls only (pluggy's `call_extra`). They run after
   * the `'pre'` tier and before the other implementations, in the order given, and are named
   * `extra#1`, `extra#2`, … in errors and monitors.
   */
  readonly extra?: { readonly [K in HookName<H>]?: readonly HookSignature<H, K>[] };
}

/** What a call with the `'collect'` error policy returns. */
export interface Collected<R> {
  /** The kind's result, computed from the implementations that did not fail. */
  readonly result: R;
  /** One error per failing implementation, in the order they failed; each names plugin and hook. */
  readonly errors: HookCallError[];
}

/** What a monitor's `before` sees for each implementation that is about to run. */
export interface HookCallInfo {
  readonly hook: string;
  readonly plugin: string;
  /**
   * The arguments the implementation receives: those a wrapper passed to `next(...)` when one
   * did, and for a wrapper, `next` followed by the hook's arguments.
   */
  readonly args: readonly unknown[];
  readonly mode: 'sync' | 'async';
  /** Whether the implementation is a wrapper (its duration includes the chain it wraps). */
  readonly wrapper: boolean;
}

/** What a monitor's `after` sees for each implementation that has finished. */
export interface HookCallOutcome extends HookCallInfo {
  /** Whether the implementation threw or rejected; then `error` is set, else `result`. */
  readonly failed: boolean;
  readonly result?: unknown;
  readonly error?: unknown;
  /** Milliseconds, from `performance.now()`; for async implementations, until they settle. */
  readonly duration: number;
}

/** What a monitor's `onError` is told about a failure of its own `before` or `after`. */
export interface MonitorErrorInfo {
  /** The callback that threw (or returned a promise that rejected). */
  readonly callback: 'before' | 'after';
  /** What that callback was given. */
  readonly call: HookCallInfo | HookCallOutcome;
}

/**
 * Callbacks for `hooks.monitor()`. `before` and `after` are observers: if one throws (or returns a
 * promise that rejects), the call goes on unchanged and the other monitors are still called.
 */
export interface HookMonitor {
  readonly before?: (info: HookCallInfo) => void;
  readonly after?: (outcome: HookCallOutcome) => void;
  /**
   * Called with what `before` or `after` threw. Without it, the first failure of this subscription
   * is reported as a process warning (`MonitorFailedWarning`, code `PLUGBOARD_MONITOR_FAILED`;
   * `console.warn` where there is no `process.emitWarning`), and later ones are not reported. If
   * `onError` itself throws, that is ignored and the original failure is reported as a warning.
   */
  readonly onError?: (error: unknown, info: MonitorErrorInfo) => void;
}

/** What a `hooks.with()` view returns for policy `E`; distributes over a union of policies. */
export type CallerKind<E> = E extends 'collect' ? 'collect' : 'plain';

/** The call methods, shared by the hooks object and by `hooks.with()` views. */
export interface HookCaller<H, S, Wrap extends 'plain' | 'collect' = 'plain'> {
  /**
   * Call hook `name` synchronously with `args`. A `parallel` hook, or one declared to return a
   * promise, is a type error here.
   * @throws {SyncReturnedPromiseError} when an implementation returns a promise.
   */
  call<K extends SyncHookName<H, S>>(
    name: K,
    ...args: HookArgs<HookSignature<H, K>>
  ): Wrap extends 'collect' ? Collected<CallResult<H, S, K>> : CallResult<H, S, K>;
  /** Call hook `name` with `args`, awaiting each implementation (all at once for `parallel`). */
  callAsync<K extends HookName<H>>(
    name: K,
    ...args: HookArgs<HookSignature<H, K>>
  ): Promise<Wrap extends 'collect' ? Collected<CallAsyncResult<H, S, K>> : CallAsyncResult<H, S, K>>;
}

/**
 * One hook, as `hooks.hook(name)` returns it: its calls without the lookup by name (tapable's
 * `hooks.name.call()`). Always current: registrations made later are seen. This is the handle of a
 * `parallel` hook or one declared to return a promise; others get `HookHandle`, which adds `call`.
 */
export interface AsyncHookHandle<H, S, K extends HookName<H>> {
  readonly name: K;
  /** Call the hook, awaiting each implementation; see `hooks.callAsync()`. */
  readonly callAsync: (...args: HookArgs<HookSignature<H, K>>) => Promise<CallAsyncResult<H, S, K>>;
}

/** The handle of a hook that can be called synchronously; see `AsyncHookHandle`. */
export interface HookHandle<H, S, K extends HookName<H>> extends AsyncHookHandle<H, S, K> {
  /** Call the hook synchronously; see `hooks.call()`. */
  readonly call: (...args: HookArgs<HookSignature<H, K>>) => CallResult<H, S, K>;
}

/** The object `createHooks` returns. */
export interface Hooks<H, S = HooksSpec<H>> extends HookCaller<H, S> {
  /**
   * The handle of hook `name`, for hot paths: `const build = hooks.hook('build'); build.call(ctx)`
   * skips the lookup by name that `hooks.call('build', ctx)` does on every call.
   * @throws {UnknownHookError} when `name` is not a hook of the spec.
   */
  hook<K extends SyncHookName<H, S>>(name: K): HookHandle<H, S, K>;
  hook<K extends HookName<H>>(name: K): AsyncHookHandle<H, S, K>;
  /**
   * Register `impl`, an object implementing any subset of the hooks. Validated now: unknown hooks,
   * non-function values, a duplicate name and `before`/`after` cycles throw, and nothing is
   * registered. Later plugins of historic hooks are replayed here.
   * @returns A function that unregisters `impl`.
   */
  register(impl: HookImpls<H, S>, options?: RegisterOptions): Unregister;
  /**
   * Register every loaded plugin (what a group's `loadAll()` returns) under its own name. A plugin
   * that fails to register is skipped and its error, naming its entry point and package.json, is
   * in `errors` (see `RegisterAllOptions`); a blocked name is skipped silently.
   * @returns One function that unregisters them all, with `errors`.
   */
  registerAll(loaded: Iterable<LoadedHookPlugin<HookImpls<H, S>>>, options?: RegisterAllOptions): RegisteredAll;
  /**
   * Unregister the plugin registered under `plugin` (a name) or as `plugin` (the object given to
   * `register()`).
   * @returns Whether one was registered.
   */
  unregister(plugin: string | object): boolean;
  /** Whether a plugin is registered under that name, or as that object. */
  isRegistered(plugin: string | object): boolean;
  /** The names of the registered plugins, in registration order (pluggy's `get_plugins`). */
  registered(): string[];
  /** The implementations of hook `name`, in call order (wrappers first, outermost first). */
  implementations(name: HookName<H>): HookImplementation[];
  /**
   * Block a plugin name (pluggy's `set_blocked`): unregister the plugin of that name if there is
   * one, and refuse it from now on, `register()` with `BlockedPluginError` (`plugin-blocked`),
   * `registerAll()` by skipping it silently, since the host asked for it.
   */
  block(name: string): void;
  /** Allow a blocked name again. */
  unblock(name: string): void;
  /** Whether `name` is blocked. */
  isBlocked(name: string): boolean;
  /**
   * The plugin whose implementation threw `error` in a call of these hooks, which rethrew it
   * unchanged (the default `'throw'` policy); `undefined` for anything else, and for a thrown
   * primitive (`throw 'x'`), which cannot be told apart.
   */
  pluginOf(error: unknown): string | undefined;
  /**
   * A view whose calls use `options` (for example `{ errors: 'collect' }`). A policy known only at
   * run time (`errors: 'throw' | 'collect'`) gives calls typed as either result.
   */
  with<O extends CallOptions<H>>(options: O): HookCaller<H, S, CallerKind<O['errors']>>;
  /** Report the `required` hooks that no plugin implements. Empty when all is well. */
  check(): RequiredHookMissingError[];
  /**
   * See every implementation run by every call. Free while no monitor is subscribed.
   * @returns A function that unsubscribes.
   */
  monitor(monitor: HookMonitor): () => void;
  /** The plugin names implementing `name`, in call order (wrappers first, outermost first). */
  plugins(name: HookName<H>): string[];
  /**
   * Forget the remembered calls of historic hook `name`, or of every historic hook when `name` is
   * omitted: plugins registered afterwards are replayed only with later calls. Does nothing for a
   * hook that is not historic.
   * @throws {UnknownHookError} when `name` is not a declared hook.
   */
  clearHistory(name?: HookName<H>): void;
}
