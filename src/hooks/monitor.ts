// Monitors (pluggy's add_hookcall_monitoring): observers of every implementation a call runs. An
// observer must not be able to break what it observes, so whatever a monitor's callback throws, or
// a promise it returns rejects with, is caught and handed to its `onError`, or else reported once
// as a process warning; the call, its result and the other monitors are unaffected.
import { MonitorFailedWarning } from './errors.js';
import { isThenable } from './thenable.js';
import type { HookCallInfo, HookCallOutcome, HookMonitor, MonitorErrorInfo } from './types.js';

type Callback<T> = ((payload: T) => unknown) | undefined;

/** One `hooks.monitor()` subscription: the callbacks as they were when it was made. */
export interface Subscription {
  readonly before: Callback<HookCallInfo>;
  readonly after: Callback<HookCallOutcome>;
  readonly onError: ((error: unknown, info: MonitorErrorInfo) => unknown) | undefined;
  /** Set once a failure was reported as a warning: a broken monitor on a hot hook warns once. */
  warned: boolean;
}

/**
 * Validate `monitor` and make a subscription of it. The callbacks are bound to `monitor`, so an
 * instance of a class with `before`/`after`/`onError` methods keeps its `this`.
 * @throws {TypeError} when `monitor` is not an object or a callback is not a function.
 */
export function subscription(monitor: HookMonitor): Subscription {
  if (typeof monitor !== 'object' || monitor === null) {
    throw new TypeError('hooks.monitor() expects { before?, after?, onError? }');
  }
  const bind = <F>(key: 'before' | 'after' | 'onError'): F | undefined => {
    const fn: unknown = monitor[key];
    if (fn === undefined) return undefined;
    if (typeof fn !== 'function') throw new TypeError(`hooks.monitor(): ${key} must be a function`);
    return fn.bind(monitor) as F;
  };
  return {
    before: bind('before'),
    after: bind('after'),
    onError: bind('onError'),
    warned: false,
  };
}

/** Tell every subscription's `before` that an implementation is about to run. */
export function notifyBefore(subscriptions: readonly Subscription[], info: HookCallInfo): void {
  for (const sub of subscriptions) if (sub.before !== undefined) observe(sub, 'before', sub.before, info);
}

/** Tell every subscription's `after` that an implementation has finished. */
export function notifyAfter(subscriptions: readonly Subscription[], outcome: HookCallOutcome): void {
  for (const sub of subscriptions) if (sub.after !== undefined) observe(sub, 'after', sub.after, outcome);
}

function observe<T extends HookCallInfo>(
  sub: Subscription,
  callback: 'before' | 'after',
  fn: (payload: T) => unknown,
  payload: T,
): void {
  try {
    const returned = fn(payload);
    // Typed to return void, but an async function fits that type, and its rejection would
    // otherwise be unhandled, which ends a Node process.
    if (isThenable(returned)) {
      Promise.resolve(returned).catch((error: unknown) => failed(sub, callback, payload, error));
    }
  } catch (error) {
    failed(sub, callback, payload, error);
  }
}

function failed(sub: Subscription, callback: 'before' | 'after', call: HookCallInfo, error: unknown): void {
  if (sub.onError !== undefined) {
    try {
      const returned = sub.onError(error, { callback, call });
      if (isThenable(returned)) Promise.resolve(returned).catch(() => warnOnce(sub, callback, call, error));
      return;
    } catch {
      // A failing error handler must not break the call either; report the original failure.
    }
  }
  warnOnce(sub, callback, call, error);
}

function warnOnce(sub: Subscription, callback: 'before' | 'after', call: HookCallInfo, error: unknown): void {
  if (sub.warned) return;
  sub.warned = true;
  const warning = new MonitorFailedWarning({ plugin: call.plugin, hook: call.hook, callback, cause: error });
  try {
    // Not every runtime has Node's process (browsers; bundlers may shim `process` without it).
    const emit = globalThis.process?.emitWarning;
    if (typeof emit === 'function') emit.call(globalThis.process, warning);
    else console.warn(warning);
  } catch {
    // Nowhere left to report to; the call must still go on.
  }
}
