// Historic hooks (pluggy's call_historic): calls are remembered, and an implementation registered
// later is called once per remembered call, in call order, with that call's arguments. pluggy keeps
// every call for the life of the plugin manager; `historic: { limit }` bounds that for hosts that
// call a historic hook per request or per file, where an unbounded history is a leak.
// Only plain implementations are replayed: a late wrapper has no chain left to wrap. For waterfall
// hooks the replay passes the call's original arguments, not the value threaded at the time.
import { HookCallError } from './errors.js';
import { type CallContext, invokeAsync, invokeSync } from './call.js';
import type { HookState, ImplRecord } from './spec.js';

/** Remember a call of a historic hook. Done before the call runs, so a plugin registered during it is replayed with it. */
export function record(state: HookState, args: readonly unknown[], mode: 'sync' | 'async'): void {
  const history = state.history;
  if (history === undefined) return;
  history.push({ args: [...args], mode });
  // At most one over, so one shift. Not a ring buffer: replay and clear stay trivial, and V8 usually
  // shifts by moving the array's start rather than its elements.
  if (history.length > state.historyLimit) history.shift();
}

/** Forget every remembered call of `state`. A replay running now keeps the entries it copied. */
export function clear(state: HookState): void {
  if (state.history !== undefined) state.history.length = 0;
}

/**
 * Replay the history of `state` to the new implementation `impl`, in call order. Calls remembered
 * from `call()` run now and throw, until the first call remembered from `callAsync()`; from there
 * on every replay runs one after another in the returned promise (undefined when there is none),
 * so that order holds, and stops as soon as `live()` is false (the registration was undone).
 * @throws {HookCallError} when a synchronous replay, before any asynchronous one, fails.
 */
export function replay(
  state: HookState,
  impl: ImplRecord,
  monitors: CallContext['monitors'],
  live: () => boolean,
): Promise<void> | undefined {
  const history = state.history;
  if (history === undefined || history.length === 0 || impl.wrapper !== undefined) return undefined;
  const ctx: CallContext = { monitors, errors: undefined, owner: state.owner };
  let chain: Promise<void> | undefined;
  // A replayed implementation may itself call this hook; iterate the entries that exist now.
  for (const entry of history.slice()) {
    const args = entry.args.slice();
    if (entry.mode === 'sync' && chain === undefined) {
      try {
        invokeSync(state.name, impl, args, ctx, 'sync', false);
      } catch (error) {
        throw new HookCallError({ plugin: impl.plugin, hook: state.name, cause: error });
      }
    } else {
      const mode = entry.mode;
      const run = async (): Promise<void> => {
        if (!live()) return;
        try {
          if (mode === 'sync') invokeSync(state.name, impl, args, ctx, 'sync', false);
          else await invokeAsync(state.name, impl, args, ctx, false);
        } catch (error) {
          throw new HookCallError({ plugin: impl.plugin, hook: state.name, cause: error });
        }
      };
      chain = chain === undefined ? run() : chain.then(run);
    }
  }
  return chain;
}
