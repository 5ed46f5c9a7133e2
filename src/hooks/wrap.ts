// Wrappers are marked per implementation, not by a register() option, so one plugin object can mix
// plain implementations and wrappers for different hooks (pluggy marks each hookimpl likewise).
// The mark says which chain the wrapper expects: a sync wrapper's next() returns the value, an async
// wrapper's next() returns a promise. Telling them apart by sniffing `fn.constructor.name` would
// break on transpiled code, hence two helpers. A wrapper is a small frozen object, not a function,
// so that it cannot be mistaken for (or called as) a plain implementation.
import type { AsyncWrapper, SyncWrapper } from './types.js';

const mark: unique symbol = Symbol('plugboard.hooks.wrapper');

interface WrapperObject {
  readonly [mark]: 'sync' | 'async';
  readonly fn: Function;
}

/**
 * Mark `fn` as a wrapper for synchronous chains. It receives `next()`, which runs the rest of the
 * chain and returns its result, then the hook's arguments; it returns the (possibly changed)
 * result. It can run code before and after `next()`, or catch what `next()` throws. It works in
 * `call()` and in `callAsync()`; in the latter the chain inside it runs synchronously.
 * @param fn `(next, ...args) => result`
 * @returns A value to give as the hook's implementation.
 * @example
 * hooks.register({ build: wrap((next, ctx) => { const t = performance.now(); try { return next(); } finally { log(performance.now() - t); } }) });
 */
export function wrap<A extends unknown[], Out>(fn: (next: () => Out, ...args: A) => Out): SyncWrapper<A, Out> {
  return brand(fn, 'sync') as unknown as SyncWrapper<A, Out>;
}

/**
 * Mark `fn` as a wrapper for asynchronous chains: `next()` returns a promise of the rest of the
 * chain's result. Only `callAsync()` runs it; `call()` reports it as `sync-returned-promise`.
 * @param fn `async (next, ...args) => result`
 * @returns A value to give as the hook's implementation.
 * @example
 * hooks.register({ init: wrapAsync(async (next, app) => { try { return await next(); } finally { await flush(); } }) });
 */
export function wrapAsync<A extends unknown[], Out>(
  fn: (next: () => Promise<Out>, ...args: A) => Out | Promise<Out>,
): AsyncWrapper<A, Out> {
  return brand(fn, 'async') as unknown as AsyncWrapper<A, Out>;
}

function brand(fn: Function, mode: 'sync' | 'async'): WrapperObject {
  if (typeof fn !== 'function') throw new TypeError(`${mode === 'sync' ? 'wrap' : 'wrapAsync'}() expects a function`);
  return Object.freeze({ [mark]: mode, fn });
}

/** The mode and function of a value made by `wrap`/`wrapAsync`, else `undefined`. */
export function unwrap(value: unknown): { mode: 'sync' | 'async'; fn: Function } | undefined {
  if (typeof value !== 'object' || value === null || !(mark in value)) return undefined;
  const w = value as WrapperObject;
  return { mode: w[mark], fn: w.fn };
}
