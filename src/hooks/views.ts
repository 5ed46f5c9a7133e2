// The callers `hooks.with(options)` returns. `{ errors: 'throw' }` alone is the hooks object's own
// (fast) caller; anything else runs the general path (call.ts) on a per-call view of the hook's
// implementations: failures collected, some plugins left out, extra implementations added.
import { describeValue } from '../core/index.js';
import { runAsync, runSync } from './call.js';
import type { Watchers } from './callers.js';
import { type HookCallError, NotAFunctionError, ParallelSyncCallError } from './errors.js';
import { record } from './history.js';
import type { HookState, ImplRecord } from './spec.js';
import type { CallOptions } from './types.js';

/** `call` and `callAsync` by hook name. */
export interface AnyCaller {
  call(name: string, ...args: unknown[]): unknown;
  callAsync(name: string, ...args: unknown[]): Promise<unknown>;
}

/** What a view needs of its hooks object. */
export interface ViewContext {
  readonly stateOf: (name: string) => HookState;
  readonly watchers: Watchers;
  /** The hooks object's own callers, for `{ errors: 'throw' }` alone. */
  readonly plain: AnyCaller;
}

/** The caller for `options`; see `Hooks.with`. */
export function view(context: ViewContext, options: CallOptions): AnyCaller {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `hooks.with(): options must be an object ({ errors, exclude, extra }), not ${describeValue(options)}`,
    );
  }
  const policy = options.errors ?? 'throw';
  if (policy !== 'throw' && policy !== 'collect') {
    throw new TypeError(`hooks.with(): errors must be 'throw' or 'collect', not ${describeValue(policy)}`);
  }
  const exclude = readExclude(options.exclude);
  const extra = readExtra(context, options.extra);
  if (policy === 'throw' && exclude.size === 0 && extra.size === 0) return context.plain;
  const collect = policy === 'collect';
  // Calls that leave plugins out or add some are not the hook's calls: a historic hook does not
  // remember them (a late plugin would be replayed with a call made for a different set).
  const remember = exclude.size === 0 && extra.size === 0;
  const subset = (state: HookState): HookState => {
    if (!remember) return { ...state, ...implementationsFor(state, exclude, extra.get(state.name)) };
    return state;
  };
  return Object.freeze({
    call(name: string, ...args: unknown[]) {
      const state = context.stateOf(name);
      if (state.parallel) throw new ParallelSyncCallError({ hook: state.name, kind: state.kind as 'parallel' });
      if (remember && state.history !== undefined) record(state, args, 'sync');
      const errors: HookCallError[] | undefined = collect ? [] : undefined;
      const result = runSync(subset(state), args, { monitors: context.watchers.monitors, errors, owner: state.owner });
      return collect ? { result, errors } : result;
    },
    async callAsync(name: string, ...args: unknown[]) {
      const state = context.stateOf(name);
      if (remember && state.history !== undefined) record(state, args, 'async');
      const errors: HookCallError[] | undefined = collect ? [] : undefined;
      const ctx = { monitors: context.watchers.monitors, errors, owner: state.owner };
      const result = await runAsync(subset(state), args, ctx);
      return collect ? { result, errors } : result;
    },
  });
}

function readExclude(exclude: unknown): ReadonlySet<string> {
  if (exclude === undefined) return new Set();
  if (!Array.isArray(exclude) || !exclude.every((n) => typeof n === 'string')) {
    throw new TypeError('hooks.with(): exclude must be an array of plugin names');
  }
  return new Set(exclude);
}

/** The extra implementations, per hook, as records named `extra#<n>`. */
function readExtra(context: ViewContext, extra: unknown): ReadonlyMap<string, readonly ImplRecord[]> {
  const out = new Map<string, ImplRecord[]>();
  if (extra === undefined) return out;
  if (typeof extra !== 'object' || extra === null) {
    throw new TypeError(
      `hooks.with(): extra must be an object of hook names to functions, not ${describeValue(extra)}`,
    );
  }
  let n = 0;
  for (const [hook, fns] of Object.entries(extra)) {
    const state = context.stateOf(hook);
    if (!Array.isArray(fns)) throw new TypeError(`hooks.with(): extra.${hook} must be an array of functions`);
    const records = fns.map((fn: unknown): ImplRecord => {
      const plugin = `extra#${++n}`;
      if (typeof fn !== 'function') throw new NotAFunctionError({ plugin, hook: state.name, value: fn });
      return { plugin, order: undefined, before: [], after: [], seq: -1, wrapper: undefined, fn, source: fn };
    });
    out.set(state.name, records);
  }
  return out;
}

/** The implementation lists of one call: without `exclude`d plugins, with `extra` after the 'pre' tier. */
function implementationsFor(
  state: HookState,
  exclude: ReadonlySet<string>,
  extra: readonly ImplRecord[] = [],
): Pick<HookState, 'plain' | 'wrappers'> {
  const kept = state.plain.filter((r) => !exclude.has(r.plugin));
  // pluggy's call_extra places them likewise: after the tryfirst implementations.
  const pre = kept.findIndex((r) => r.order !== 'pre');
  const at = pre === -1 ? kept.length : pre;
  return {
    plain: [...kept.slice(0, at), ...extra, ...kept.slice(at)],
    wrappers: state.wrappers.filter((r) => !exclude.has(r.plugin)),
  };
}
