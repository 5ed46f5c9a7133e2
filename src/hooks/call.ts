// The general path of running a hook: wrappers, monitoring and the 'collect' error policy. The
// common case (no wrapper, no monitor, errors thrown) takes the fast path in compile.ts instead.
import { HookCallError, ParallelSyncCallError, SyncReturnedPromiseError } from './errors.js';
import { notifyAfter, notifyBefore, type Subscription } from './monitor.js';
import type { HookState, ImplRecord } from './spec.js';
import { blame } from './blame.js';
import { discard, firstAnswer, isThenable } from './thenable.js';
import type { HookCallInfo } from './types.js';

/** What one call needs besides the hook: who is watching and where errors go. */
export interface CallContext {
  readonly monitors: readonly Subscription[];
  /** Set under the 'collect' policy: failures are pushed here instead of thrown. */
  readonly errors: HookCallError[] | undefined;
  /** The plugin whose synchronous wrapper runs this chain during callAsync(), for error messages. */
  readonly within?: string;
  /** The hooks object's identity, for `hooks.pluginOf()`. */
  readonly owner: object;
}

/** Marks an implementation that failed under the 'collect' policy; its result is skipped. */
const FAILED: unique symbol = Symbol('failed');

// ---------------------------------------------------------------------------------------------
// General path

/** Run `state` synchronously with wrappers, monitors and the error policy of `ctx`. */
export function runSync(state: HookState, args: unknown[], ctx: CallContext): unknown {
  // Read both lists once: this call works on that snapshot whatever happens during it.
  return chainSync(state, state.plain, state.wrappers, 0, args, ctx);
}

/** Run `state` asynchronously with wrappers, monitors and the error policy of `ctx`. */
export function runAsync(state: HookState, args: unknown[], ctx: CallContext): Promise<unknown> {
  return chainAsync(state, state.plain, state.wrappers, 0, args, ctx);
}

function chainSync(
  state: HookState,
  plain: readonly ImplRecord[],
  wrappers: readonly ImplRecord[],
  index: number,
  args: unknown[],
  ctx: CallContext,
): unknown {
  if (index === wrappers.length) return plainSync(state, plain, args, ctx);
  const wrapper = wrappers[index]!;
  const next = (nextArgs: unknown[]): unknown => chainSync(state, plain, wrappers, index + 1, nextArgs, ctx);
  if (wrapper.wrapper === 'async') {
    // Refuse before running it: an async wrapper would start side effects we could not await.
    const error = new SyncReturnedPromiseError({ plugin: wrapper.plugin, hook: state.name, wrapper: true });
    if (ctx.errors === undefined) throw blame(error, wrapper.plugin, ctx.owner);
    ctx.errors.push(new HookCallError({ plugin: wrapper.plugin, hook: state.name, cause: error }));
    return next(args);
  }
  return wrapSync(state, wrapper, next, args, ctx, 'sync');
}

async function chainAsync(
  state: HookState,
  plain: readonly ImplRecord[],
  wrappers: readonly ImplRecord[],
  index: number,
  args: unknown[],
  ctx: CallContext,
): Promise<unknown> {
  if (index === wrappers.length) return plainAsync(state, plain, args, ctx);
  const wrapper = wrappers[index]!;
  if (wrapper.wrapper === 'sync') {
    // A sync wrapper was written for a next() that returns the value, so the chain inside it runs
    // synchronously (an implementation returning a promise in there is sync-returned-promise).
    const inner: CallContext = { ...ctx, within: wrapper.plugin };
    const next = (nextArgs: unknown[]): unknown => chainSync(state, plain, wrappers, index + 1, nextArgs, inner);
    return wrapSync(state, wrapper, next, args, ctx, 'async');
  }
  const next = (nextArgs: unknown[]): Promise<unknown> => chainAsync(state, plain, wrappers, index + 1, nextArgs, ctx);
  return wrapAsyncImpl(state, wrapper, next, args, ctx);
}

// The `next` a wrapper gets runs the rest of the chain at most once: a second call gives back what
// the first returned or threw, whatever its arguments. Under 'collect', a failing wrapper is
// skipped and the call goes on with what the chain inside it returns, run with the arguments the
// wrapper passed to next() if it had called it, else with the wrapper's own arguments.

function wrapSync(
  state: HookState,
  wrapper: ImplRecord,
  next: (args: unknown[]) => unknown,
  args: unknown[],
  ctx: CallContext,
  mode: 'sync' | 'async',
): unknown {
  let called = false;
  let failed = false;
  let inner: unknown;
  const once = (...nextArgs: unknown[]): unknown => {
    if (!called) {
      called = true;
      try {
        // No arguments means "the ones I got" (WrapperNext in types.ts).
        inner = next(nextArgs.length === 0 ? args : nextArgs);
      } catch (error) {
        failed = true;
        inner = error;
      }
    }
    if (failed) throw inner;
    return inner;
  };
  const result = invokeSync(state.name, wrapper, [once, ...args], ctx, mode, true);
  return result === FAILED ? once() : result;
}

async function wrapAsyncImpl(
  state: HookState,
  wrapper: ImplRecord,
  next: (args: unknown[]) => Promise<unknown>,
  args: unknown[],
  ctx: CallContext,
): Promise<unknown> {
  let inner: Promise<unknown> | undefined;
  const once = (...nextArgs: unknown[]): Promise<unknown> => {
    inner ??= next(nextArgs.length === 0 ? args : nextArgs);
    return inner;
  };
  const result = await invokeAsync(state.name, wrapper, [once, ...args], ctx, true);
  return result === FAILED ? once() : result;
}

function plainSync(state: HookState, plain: readonly ImplRecord[], args: unknown[], ctx: CallContext): unknown {
  const hook = state.name;
  switch (state.kind) {
    case 'series': {
      const out: unknown[] = [];
      for (const impl of plain) {
        const r = invokeSync(hook, impl, args, ctx, 'sync', false);
        if (r !== FAILED) out.push(r);
      }
      return state.results ? out : undefined;
    }
    case 'first':
      for (const impl of plain) {
        const r = invokeSync(hook, impl, args, ctx, 'sync', false);
        if (r !== FAILED && r !== undefined) return r;
      }
      return undefined;
    case 'waterfall': {
      const threaded = args.slice();
      for (const impl of plain) {
        const r = invokeSync(hook, impl, threaded.slice(), ctx, 'sync', false);
        if (r !== FAILED && r !== undefined) threaded[0] = r;
      }
      return threaded[0];
    }
    case 'parallel':
    case 'parallel-first':
      throw new ParallelSyncCallError({ hook, kind: state.kind });
  }
}

async function plainAsync(
  state: HookState,
  plain: readonly ImplRecord[],
  args: unknown[],
  ctx: CallContext,
): Promise<unknown> {
  const hook = state.name;
  switch (state.kind) {
    case 'series': {
      const out: unknown[] = [];
      for (const impl of plain) {
        const r = await invokeAsync(hook, impl, args, ctx, false);
        if (r !== FAILED) out.push(r);
      }
      return state.results ? out : undefined;
    }
    case 'first':
      for (const impl of plain) {
        const r = await invokeAsync(hook, impl, args, ctx, false);
        if (r !== FAILED && r !== undefined) return r;
      }
      return undefined;
    case 'waterfall': {
      const threaded = args.slice();
      for (const impl of plain) {
        const r = await invokeAsync(hook, impl, threaded.slice(), ctx, false);
        if (r !== FAILED && r !== undefined) threaded[0] = r;
      }
      return threaded[0];
    }
    case 'parallel': {
      const settled = await Promise.all(plain.map((impl) => invokeAsync(hook, impl, args, ctx, false)));
      // Under 'collect' the errors were recorded in completion order; results keep call order.
      return settled.filter((r) => r !== FAILED);
    }
    case 'parallel-first': {
      const running = plain.map((impl) => invokeAsync(hook, impl, args, ctx, false));
      // Under 'collect' every failure is wanted, so wait for all; a failure is no answer.
      if (ctx.errors !== undefined) return (await Promise.all(running)).find((r) => r !== FAILED && r !== undefined);
      return firstAnswer(running);
    }
  }
}

/**
 * Run one implementation synchronously: monitor it, refuse a promise, and apply the error policy.
 * @returns its result, or FAILED under 'collect'.
 */
export function invokeSync(
  hook: string,
  impl: ImplRecord,
  args: unknown[],
  ctx: CallContext,
  mode: 'sync' | 'async',
  wrapper: boolean,
): unknown {
  const { monitors } = ctx;
  const info: HookCallInfo | undefined =
    // A frozen copy: a monitor sees the arguments and cannot change what the implementation gets.
    monitors.length === 0 ? undefined : { hook, plugin: impl.plugin, args: Object.freeze(args.slice()), mode, wrapper };
  if (info) notifyBefore(monitors, info);
  const start = info ? performance.now() : 0;
  let result: unknown;
  try {
    result = impl.fn(...args);
    if (isThenable(result)) {
      discard(result);
      throw new SyncReturnedPromiseError({ plugin: impl.plugin, hook, within: ctx.within });
    }
  } catch (error) {
    if (info) notifyAfter(monitors, { ...info, failed: true, error, duration: performance.now() - start });
    return fail(ctx, impl.plugin, hook, error);
  }
  if (info) notifyAfter(monitors, { ...info, failed: false, result, duration: performance.now() - start });
  return result;
}

/**
 * Run one implementation and await it: monitor it and apply the error policy.
 * @returns its result, or FAILED under 'collect'.
 */
export async function invokeAsync(
  hook: string,
  impl: ImplRecord,
  args: unknown[],
  ctx: CallContext,
  wrapper: boolean,
): Promise<unknown> {
  const { monitors } = ctx;
  const info: HookCallInfo | undefined =
    monitors.length === 0
      ? undefined
      : { hook, plugin: impl.plugin, args: Object.freeze(args.slice()), mode: 'async', wrapper };
  if (info) notifyBefore(monitors, info);
  const start = info ? performance.now() : 0;
  let result: unknown;
  try {
    result = await impl.fn(...args);
  } catch (error) {
    if (info) notifyAfter(monitors, { ...info, failed: true, error, duration: performance.now() - start });
    return fail(ctx, impl.plugin, hook, error);
  }
  if (info) notifyAfter(monitors, { ...info, failed: false, result, duration: performance.now() - start });
  return result;
}

function fail(ctx: CallContext, plugin: string, hook: string, error: unknown): typeof FAILED {
  if (ctx.errors === undefined) throw blame(error, plugin, ctx.owner);
  ctx.errors.push(new HookCallError({ plugin, hook, cause: error }));
  return FAILED;
}
