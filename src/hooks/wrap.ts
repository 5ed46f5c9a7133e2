// Wrappers are marked on the function itself, not by a register() option, so one plugin object can
// mix plain implementations and wrappers for different hooks (pluggy marks each hookimpl likewise).
// The mark says which chain the wrapper expects: a sync wrapper's next() returns the value, an async
// wrapper's next() returns a promise. Deciding this by sniffing `fn.constructor.name` would break
// on transpiled code, hence two helpers.
import type { AsyncWrapper, SyncWrapper } from './types.js';

const mark: unique symbol = Symbol('plugboard.hooks.wrapper');

type Marked = { [mark]?: 'sync' | 'async' };

/**
 * Mark `fn` as a wrapper for synchronous chains. It receives `next()`, which runs the rest of the
 * chain and returns its result; it returns the (possibly changed) result. It can run code before
 * and after `next()`, or catch what `next()` throws. It works in `call()` and in `callAsync()`; in
 * the latter, the chain inside it runs synchronously.
 * @example
 * hooks.register({ build: wrap((next, ctx) => { const t = Date.now(); const r = next(); log(Date.now() - t); return r; }) });
 */
export function wrap<A extends unknown[], Out>(
  fn: (next: () => Out, ...args: A) => Out,
): SyncWrapper<A, Out> {
  return brand(fn, 'sync') as SyncWrapper<A, Out>;
}

/**
 * Mark `fn` as a wrapper for asynchronous chains: `next()` returns a promise of the rest of the
 * chain's result. Only `callAsync()` runs it; in `call()` it is a `sync-returned-promise` error.
 * @example
 * hooks.register({ init: wrapAsync(async (next, app) => { try { return await next(); } finally { await flush(); } }) });
 */
export function wrapAsync<A extends unknown[], Out>(
  fn: (next: () => Promise<Out>, ...args: A) => Out | Promise<Out>,
): AsyncWrapper<A, Out> {
  return brand(fn, 'async') as AsyncWrapper<A, Out>;
}

function brand(fn: Function, mode: 'sync' | 'async'): Function {
  if (typeof fn !== 'function') throw new TypeError('wrap() expects a function');
  // Copy rather than mutate, so wrapping a shared function does not change it everywhere.
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return fn.apply(this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  Object.defineProperty(wrapped, mark, { value: mode });
  return wrapped;
}

/** `'sync'` or `'async'` for functions made by `wrap`/`wrapAsync`, else `undefined`. */
export function wrapperMode(fn: Function): 'sync' | 'async' | undefined {
  return (fn as Marked)[mark];
}
