// The cached callers of a hook. They live on the hook's handle, so hooks.call() and
// hooks.hook(name).call() run the same function, and are reset to compiling stubs whenever the
// implementations or the monitors change: a call is a property load plus a closure call.
import { type CallContext, runAsync, runSync } from './call.js';
import { compileAsync, compileSync } from './compile.js';
import { record } from './history.js';
import type { Subscription } from './monitor.js';
import type { HookHandleState, HookState } from './spec.js';

/** What every hook of one hooks object shares: who is watching. Replaced, never mutated. */
export interface Watchers {
  monitors: readonly Subscription[];
}

/**
 * Put the compiling stubs on `state`'s handle. Build lazily: registering ten plugins should not
 * compile ten callers nobody calls. A stub builds only while it is the installed one: one taken
 * off the handle (`const { call } = hooks.hook(name)`) and called later forwards to whatever is
 * current, instead of compiling a caller on every call.
 */
export function reset(state: HookState, watchers: Watchers): void {
  const { handle } = state;
  const call: HookHandleState['call'] = (...args) => {
    if (handle.call === call) handle.call = buildSync(state, watchers.monitors, args.length);
    return handle.call(...args);
  };
  const callAsync: HookHandleState['callAsync'] = (...args) => {
    if (handle.callAsync === callAsync) handle.callAsync = buildAsync(state, watchers.monitors, args.length);
    return handle.callAsync(...args);
  };
  handle.call = call;
  handle.callAsync = callAsync;
}

function buildSync(state: HookState, monitors: readonly Subscription[], arity: number): HookHandleState['call'] {
  // A parallel hook has no synchronous form: refuse before anything runs, and do not remember
  // the call for a historic hook (a late plugin would be replayed with a call that never ran).
  if (state.parallel) return compileSync(state, arity);
  let caller: HookHandleState['call'];
  if (state.wrappers.length === 0 && monitors.length === 0) caller = compileSync(state, arity);
  else {
    const ctx: CallContext = { monitors, errors: undefined, owner: state.owner };
    caller = (...args) => runSync(state, args, ctx);
  }
  return state.history === undefined ? caller : historic(state, 'sync', caller);
}

function buildAsync(state: HookState, monitors: readonly Subscription[], arity: number): HookHandleState['callAsync'] {
  let caller: HookHandleState['callAsync'];
  if (state.wrappers.length === 0 && monitors.length === 0) caller = compileAsync(state, arity);
  else {
    const ctx: CallContext = { monitors, errors: undefined, owner: state.owner };
    caller = (...args) => runAsync(state, args, ctx);
  }
  return state.history === undefined ? caller : historic(state, 'async', caller);
}

// Historic recording lives in the caller built for historic hooks, so other hooks do not pay for it.
function historic<C extends (...args: unknown[]) => unknown>(state: HookState, mode: 'sync' | 'async', caller: C): C {
  return ((...args: unknown[]) => {
    record(state, args, mode);
    return caller(...args);
  }) as C;
}
