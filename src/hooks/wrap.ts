// Wrappers are marked per implementation, not by a register() option, so one plugin object can mix
// plain implementations and wrappers for different hooks (pluggy marks each hookimpl likewise).
// The mark says which chain the wrapper expects: a sync wrapper's next() returns the value, an async
// wrapper's next() returns a promise. Telling them apart by sniffing `fn.constructor.name` would
// break on transpiled code, hence two helpers. A wrapper is a small frozen object, not a function,
// so that it cannot be mistaken for (or called as) a plain implementation.
import type { AsyncWrapper, HookFunction, ImplOrder, KnownArgs, SyncWrapper, WrapperNext } from './types.js';

// `next` is typed from `N`, the hook's full parameter list, which TypeScript infers from where the
// wrapper is used (`register({ transform: wrap(…) })`, or a `HookImpls` object). Not from `A`, the
// parameters the wrapper declares: they may be fewer (`(next, code) => …` for `(code, id)`), and
// `next` must still take the full list. A wrapper made apart from any such context (`export const
// transform = wrap(…)`) has no `N`: its `next` then takes any arguments, and so does the `next` its
// marker claims, so where it is registered only its parameters and result are checked against the
// hook, as before `next` took arguments. That is `KnownArgs` in types.ts.

const mark: unique symbol = Symbol('plugboard.hooks.wrapper');

interface WrapperObject {
  readonly [mark]: 'sync' | 'async';
  readonly fn: Function;
}

/**
 * Mark `fn` as a wrapper for synchronous chains. It receives `next`, which runs the rest of the
 * chain and returns its result, then the hook's arguments; it returns the (possibly changed)
 * result. It can run code before and after `next()`, or catch what `next()` throws. `next()` passes
 * the wrapper's own arguments down the chain; `next(...args)`, with the hook's full parameter
 * list, passes those instead. It works in `call()` and in `callAsync()`; in the latter the chain
 * inside it runs synchronously.
 * @param fn `(next, ...args) => result`
 * @returns A value to give as the hook's implementation.
 * @example
 * hooks.register({ build: wrap((next, ctx) => { const t = performance.now(); try { return next(); } finally { log(performance.now() - t); } }) });
 * hooks.register({ transform: wrap((next, code, id) => next(code.replaceAll('\r\n', '\n'), id)) });
 */
export function wrap<A extends unknown[], Out, N extends unknown[]>(
  fn: (next: WrapperNext<KnownArgs<N>, Out>, ...args: A) => Out,
): SyncWrapper<A, Out, KnownArgs<N>> {
  return brand(fn, 'sync') as unknown as SyncWrapper<A, Out, KnownArgs<N>>;
}

/**
 * Mark `fn` as a wrapper for asynchronous chains: `next()` returns a promise of the rest of the
 * chain's result. As with `wrap`, `next(...args)` passes other arguments down the chain. Only
 * `callAsync()` runs it; `call()` reports it as `sync-returned-promise`.
 * @param fn `async (next, ...args) => result`
 * @returns A value to give as the hook's implementation.
 * @example
 * hooks.register({ init: wrapAsync(async (next, app) => { try { return await next(); } finally { await flush(); } }) });
 */
export function wrapAsync<A extends unknown[], Out, N extends unknown[]>(
  fn: (next: WrapperNext<KnownArgs<N>, Promise<Out>>, ...args: A) => Out | Promise<Out>,
): AsyncWrapper<A, Out, KnownArgs<N>> {
  return brand(fn, 'async') as unknown as AsyncWrapper<A, Out, KnownArgs<N>>;
}

function brand(fn: Function, mode: 'sync' | 'async'): WrapperObject {
  if (typeof fn !== 'function') throw new TypeError(`${mode === 'sync' ? 'wrap' : 'wrapAsync'}() expects a function`);
  return Object.freeze({ [mark]: mode, fn });
}

const orders = new WeakMap<object, ImplOrder>();

/**
 * Order one implementation rather than its whole plugin (pluggy's `tryfirst`/`trylast` on one
 * hookimpl): `order`, `before` and `after` given here replace the plugin's `register()` options for
 * this hook only; the plugin's other hooks keep them. The mark is on the value, so a function
 * shared by two plugins is ordered the same in both; the last `ordered()` call wins.
 * @param impl A hook implementation: a function, or what `wrap()`/`wrapAsync()` returns.
 * @returns `impl` itself, marked.
 * @example
 * hooks.register({ transform: ordered((code) => code.trim(), { order: 'pre' }), resolve }, { name: 'tidy' });
 */
export function ordered<T extends HookFunction | SyncWrapper<any, any, any> | AsyncWrapper<any, any, any>>(
  impl: T,
  options: ImplOrder,
): T {
  if (typeof impl !== 'function' && unwrap(impl) === undefined) {
    throw new TypeError('ordered() expects a hook implementation: a function, or what wrap() or wrapAsync() returns');
  }
  orders.set(impl, options);
  return impl;
}

/** The options `ordered()` marked `value` with. */
export function orderOf(value: unknown): ImplOrder | undefined {
  return (typeof value === 'object' && value !== null) || typeof value === 'function' ? orders.get(value) : undefined;
}

/** The mode and function of a value made by `wrap`/`wrapAsync`, else `undefined`. */
export function unwrap(value: unknown): { mode: 'sync' | 'async'; fn: Function } | undefined {
  if (typeof value !== 'object' || value === null || !(mark in value)) return undefined;
  const w = value as WrapperObject;
  return { mode: w[mark], fn: w.fn };
}
