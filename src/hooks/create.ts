// createHooks(): the hooks object. It assembles the parts: the spec's states (spec.ts), their
// cached callers (callers.ts), the registry (registry.ts), the monitors (monitor.ts) and the
// views of `with()`.
import { describeValue, didYouMean } from '../core/index.js';
import { runAsync, runSync } from './call.js';
import { reset, type Watchers } from './callers.js';
import { compileDispatch } from './compile.js';
import { type HookCallError, ParallelSyncCallError, RequiredHookMissingError, UnknownHookError } from './errors.js';
import { clear, record } from './history.js';
import { subscription } from './monitor.js';
import { register, type Registry, withReady } from './registry.js';
import { type HookState, readSpec } from './spec.js';
import type {
  CallOptions,
  CreateHooksOptions,
  HookMonitor,
  HookName,
  Hooks,
  HooksSpec,
  LoadedHookPlugin,
  RegisterAllOptions,
  RegisterOptions,
  Unregister,
} from './types.js';

/** The function `createHooks<H>()` returns: give it the spec to get the typed hooks object. */
export type HooksFactory<H> = <const S extends HooksSpec<H>>(
  spec: S & { readonly [K in Exclude<keyof S, HookName<H>>]: never },
  options?: CreateHooksOptions,
) => Hooks<H, S>;

/**
 * Create a typed hooks object for the hook interface `H`.
 *
 * It takes two steps, `createHooks<H>()(spec)`, because TypeScript cannot infer the spec's kinds
 * (which decide each hook's result type) once `H` is given explicitly: the first call fixes `H`,
 * the second infers the spec.
 *
 * @returns A function taking the spec (each hook's `kind`, and `required`/`historic`) and options.
 * @example
 * interface BuildHooks {
 *   resolve(id: string): string | undefined;
 *   transform(code: string, id: string): string;
 *   done(stats: Stats): Promise<void>;
 * }
 * const hooks = createHooks<BuildHooks>()({
 *   resolve: { kind: 'first', required: true },
 *   transform: { kind: 'waterfall' },
 *   done: { kind: 'parallel' },
 * });
 * hooks.register({ transform: (code) => code.trim() }, { name: 'trim' });
 * const out: string = hooks.call('transform', source, 'a.js');
 */
export function createHooks<H extends object>(): HooksFactory<H> {
  return ((spec: unknown, options?: CreateHooksOptions) => makeHooks(spec, options)) as HooksFactory<H>;
}

type AnyCaller = {
  call(name: string, ...args: unknown[]): unknown;
  callAsync(name: string, ...args: unknown[]): Promise<unknown>;
};

function makeHooks(spec: unknown, options: CreateHooksOptions = {}): Hooks<any, any> {
  const states = readSpec(spec);
  // Calls look hooks up in a plain object rather than the Map: a keyed property load was measurably
  // faster than Map#get on Node 20, and the lookup is part of every call. Not a null-prototype
  // object: V8 keeps those in dictionary mode, which made each call about 1.6x slower. So a name
  // such as 'toString' finds an Object.prototype member, which the `owner` check turns away, and
  // defineProperty keeps a hook named '__proto__' an own property.
  const byName: Record<string, HookState | undefined> = {};
  for (const state of states.values()) {
    Object.defineProperty(byName, state.name, { value: state, enumerable: true });
  }
  const watchers: Watchers = { monitors: [] };
  const registry: Registry = {
    states,
    allowExtra: options.allowExtra === true,
    watchers,
    registrations: new Map(),
    seq: 0,
  };
  for (const state of states.values()) reset(state, watchers);
  const stateOf = (name: string): HookState => {
    const state = byName[name];
    if (state === undefined || state.owner !== states) throw unknownHook(name, states);
    return state;
  };

  const { call, callAsync } = compileDispatch(byName, states, (name) => unknownHook(name, states));
  const plain: AnyCaller = Object.freeze({ call, callAsync });
  const collecting = collectingCaller(stateOf, watchers);

  return Object.freeze({
    call,
    callAsync,
    hook: (name: string) => stateOf(name).handle,
    register: (impl: unknown, registerOptions?: RegisterOptions) => register(registry, impl, registerOptions),
    registerAll: (loaded: Iterable<LoadedHookPlugin<unknown>>, registerAllOptions?: RegisterAllOptions) =>
      registerAll(registry, loaded, registerAllOptions),
    with: (callOptions: CallOptions) => withOptions(callOptions, plain, collecting),
    check: () => check(states),
    monitor: (m: HookMonitor) => monitor(states, watchers, m),
    plugins: (name: string) => {
      const state = stateOf(name);
      return [...state.wrappers, ...state.plain].map((r) => r.plugin);
    },
    clearHistory: (name?: string) => {
      if (name === undefined) for (const state of states.values()) clear(state);
      else clear(stateOf(name));
    },
  }) as unknown as Hooks<any, any>;
}

function unknownHook(name: unknown, states: ReadonlyMap<string, HookState>): UnknownHookError {
  const hook = String(name);
  return new UnknownHookError({ hook, suggestion: didYouMean(hook, states.keys()) });
}

/** The `hooks.with({ errors: 'collect' })` view: every implementation runs, failures are returned. */
function collectingCaller(stateOf: (name: string) => HookState, watchers: Watchers): AnyCaller {
  return Object.freeze({
    call(name: string, ...args: unknown[]) {
      const state = stateOf(name);
      if (state.kind === 'parallel') throw new ParallelSyncCallError({ hook: state.name });
      if (state.history !== undefined) record(state, args, 'sync');
      const errors: HookCallError[] = [];
      const result = runSync(state, args, { monitors: watchers.monitors, errors });
      return { result, errors };
    },
    async callAsync(name: string, ...args: unknown[]) {
      const state = stateOf(name);
      if (state.history !== undefined) record(state, args, 'async');
      const errors: HookCallError[] = [];
      const result = await runAsync(state, args, { monitors: watchers.monitors, errors });
      return { result, errors };
    },
  });
}

function withOptions(callOptions: CallOptions, plain: AnyCaller, collecting: AnyCaller): AnyCaller {
  const policy = callOptions?.errors ?? 'throw';
  if (policy === 'throw') return plain;
  if (policy === 'collect') return collecting;
  throw new TypeError(`hooks.with(): errors must be 'throw' or 'collect', not ${describeValue(policy)}`);
}

function registerAll(
  registry: Registry,
  loaded: Iterable<LoadedHookPlugin<unknown>>,
  options: RegisterAllOptions = {},
): Unregister {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`registerAll(): options must be an object ({ onError }), not ${describeValue(options)}`);
  }
  const done: Unregister[] = [];
  const undoAll = (): void => {
    for (const undo of done) undo();
  };
  for (const item of loaded) {
    try {
      done.push(register(registry, item.plugin, { name: item.name }));
    } catch (error) {
      if (options.onError === undefined) {
        undoAll();
        throw error;
      }
      try {
        options.onError(error, item);
      } catch (rethrown) {
        // The handler chose to stop: nobody gets an Unregister, so undo what this call did.
        undoAll();
        throw rethrown;
      }
    }
  }
  return withReady(
    undoAll,
    done.map((u) => u.ready),
  );
}

function check(states: ReadonlyMap<string, HookState>): RequiredHookMissingError[] {
  const missing: RequiredHookMissingError[] = [];
  for (const state of states.values()) {
    if (state.required && state.plain.length === 0) missing.push(new RequiredHookMissingError({ hook: state.name }));
  }
  return missing;
}

function monitor(states: ReadonlyMap<string, HookState>, watchers: Watchers, m: HookMonitor): () => void {
  // A fresh token per subscription, so subscribing one object twice needs two unsubscribes.
  const token = subscription(m);
  watchers.monitors = [...watchers.monitors, token];
  for (const state of states.values()) reset(state, watchers);
  return () => {
    if (!watchers.monitors.includes(token)) return;
    watchers.monitors = watchers.monitors.filter((t) => t !== token);
    for (const state of states.values()) reset(state, watchers);
  };
}
