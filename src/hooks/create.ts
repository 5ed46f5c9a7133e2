// createHooks(): the hooks object. It assembles the parts: the spec's states (spec.ts), their
// cached callers (callers.ts), the registry (registry.ts), the monitors (monitor.ts) and the
// views of `with()`.
import { didYouMean } from '../core/index.js';
import { culprit } from './blame.js';
import { reset, type Watchers } from './callers.js';
import { compileDispatch } from './compile.js';
import { RequiredHookMissingError, UnknownHookError } from './errors.js';
import { clear } from './history.js';
import { subscription } from './monitor.js';
import { block, implementations, isRegistered, type Registry, register, registerAll, unregister } from './registry.js';
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
} from './types.js';
import { type ViewContext, view } from './views.js';

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
    objects: new Map(),
    blocked: new Set(),
    seq: 0,
  };
  for (const state of states.values()) reset(state, watchers);
  const stateOf = (name: string): HookState => {
    const state = byName[name];
    if (state === undefined || state.owner !== states) throw unknownHook(name, states);
    return state;
  };
  const { call, callAsync } = compileDispatch(byName, states, (name) => unknownHook(name, states));
  const views: ViewContext = { stateOf, watchers, plain: Object.freeze({ call, callAsync }) };

  return Object.freeze({
    call,
    callAsync,
    hook: (name: string) => stateOf(name).handle,
    register: (impl: unknown, registerOptions?: RegisterOptions) => register(registry, impl, registerOptions),
    registerAll: (loaded: Iterable<LoadedHookPlugin<unknown>>, registerAllOptions?: RegisterAllOptions) =>
      registerAll(registry, loaded, registerAllOptions),
    unregister: (plugin: string | object) => unregister(registry, plugin),
    isRegistered: (plugin: string | object) => isRegistered(registry, plugin),
    registered: () => [...registry.registrations.keys()],
    implementations: (name: string) => implementations(stateOf(name)),
    block: (name: string) => block(registry, name),
    unblock: (name: string) => void registry.blocked.delete(name),
    isBlocked: (name: string) => registry.blocked.has(name),
    pluginOf: (error: unknown) => culprit(error, states),
    with: (callOptions: CallOptions) => view(views, callOptions),
    check: () => check(states),
    monitor: (m: HookMonitor) => monitor(states, watchers, m),
    plugins: (name: string) => implementations(stateOf(name)).map((i) => i.plugin),
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
