// createHooks(): the hooks object. It owns the registrations and the monitors, keeps each hook's
// implementation lists sorted (see order.ts) and swaps in a freshly built caller whenever they
// change, so a call is a map lookup plus a closure call.
import { type CallContext, runAsync, runSync } from './call.js';
import { compileAsync, compileSync } from './compile.js';
import {
  DuplicatePluginError,
  InvalidPluginError,
  NotAFunctionError,
  ParallelSyncCallError,
  RequiredHookMissingError,
  UnknownHookError,
  type HookCallError,
} from './errors.js';
import { describeValue, didYouMean } from '../core/index.js';
import { clear, record, replay } from './history.js';
import { type Subscription, subscription } from './monitor.js';
import { sortNodes } from './order.js';
import { type HookHandleState, type HookState, type ImplRecord, readSpec } from './spec.js';
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
import { unwrap } from './wrap.js';

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

interface Registration {
  readonly name: string;
  readonly records: readonly (readonly [HookState, ImplRecord])[];
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
  const allowExtra = options.allowExtra === true;
  const registrations = new Map<string, Registration>();
  // Replaced, never mutated, like the implementation lists, so a running call's view is stable.
  let monitors: readonly Subscription[] = [];
  let seq = 0;

  // The cached callers live on the hook's handle: hooks.call() and hooks.hook(name).call() run the
  // same function.
  const reset = (state: HookState): void => {
    const { handle } = state;
    // Build lazily: registering ten plugins should not compile ten callers nobody calls. A stub
    // builds only while it is the installed one: one taken off the handle (`const { call } =
    // hooks.hook(name)`) and called later forwards to whatever is current, instead of compiling a
    // caller on every call.
    const call: HookHandleState['call'] = (...args) => {
      if (handle.call === call) handle.call = buildSync(state, args.length);
      return handle.call(...args);
    };
    const callAsync: HookHandleState['callAsync'] = (...args) => {
      if (handle.callAsync === callAsync) handle.callAsync = buildAsync(state, args.length);
      return handle.callAsync(...args);
    };
    handle.call = call;
    handle.callAsync = callAsync;
  };
  const buildSync = (state: HookState, arity: number): HookHandleState['call'] => {
    // A parallel hook has no synchronous form: refuse before anything runs, and do not remember
    // the call for a historic hook (a late plugin would be replayed with a call that never ran).
    if (state.kind === 'parallel') return compileSync(state, arity);
    let caller: HookHandleState['call'];
    if (state.wrappers.length === 0 && monitors.length === 0) caller = compileSync(state, arity);
    else {
      const ctx: CallContext = { monitors, errors: undefined };
      caller = (...args) => runSync(state, args, ctx);
    }
    return state.history === undefined ? caller : historic(state, 'sync', caller);
  };
  const buildAsync = (state: HookState, arity: number): HookHandleState['callAsync'] => {
    let caller: HookHandleState['callAsync'];
    if (state.wrappers.length === 0 && monitors.length === 0) caller = compileAsync(state, arity);
    else {
      const ctx: CallContext = { monitors, errors: undefined };
      caller = (...args) => runAsync(state, args, ctx);
    }
    return state.history === undefined ? caller : historic(state, 'async', caller);
  };
  for (const state of states.values()) reset(state);

  const stateOf = (name: string): HookState => {
    const state = byName[name];
    if (state === undefined || state.owner !== states) throw unknownHook(name, states);
    return state;
  };

  // Kept minimal for speed: the rest arguments are only forwarded with a spread, a pattern V8 can
  // compile to a direct call without materialising the array. Historic recording lives in the
  // caller built for historic hooks, so other hooks do not pay for it.
  const call = (name: string, ...args: unknown[]): unknown => {
    const state = byName[name];
    if (state === undefined || state.owner !== states) throw unknownHook(name, states);
    return state.handle.call(...args);
  };
  const callAsync = (name: string, ...args: unknown[]): Promise<unknown> => {
    const state = byName[name];
    if (state === undefined || state.owner !== states) return Promise.reject(unknownHook(name, states));
    return state.handle.callAsync(...args);
  };
  const plainCaller: AnyCaller = Object.freeze({ call, callAsync });

  const collectingCaller: AnyCaller = Object.freeze({
    call(name: string, ...args: unknown[]) {
      const state = stateOf(name);
      if (state.kind === 'parallel') throw new ParallelSyncCallError({ hook: state.name });
      if (state.history !== undefined) record(state, args, 'sync');
      const errors: HookCallError[] = [];
      const result = runSync(state, args, { monitors, errors });
      return { result, errors };
    },
    async callAsync(name: string, ...args: unknown[]) {
      const state = stateOf(name);
      if (state.history !== undefined) record(state, args, 'async');
      const errors: HookCallError[] = [];
      const result = await runAsync(state, args, { monitors, errors });
      return { result, errors };
    },
  });

  const withOptions = (callOptions: CallOptions): AnyCaller => {
    const policy = callOptions?.errors ?? 'throw';
    if (policy === 'throw') return plainCaller;
    if (policy === 'collect') return collectingCaller;
    throw new TypeError(`hooks.with(): errors must be 'throw' or 'collect', not ${describeValue(policy)}`);
  };

  const register = (impl: unknown, registerOptions: RegisterOptions = {}): Unregister => {
    if (typeof registerOptions !== 'object' || registerOptions === null) {
      const given = describeValue(registerOptions);
      throw new InvalidPluginError({
        plugin: 'anonymous',
        reason: `its options must be an object ({ name, order, before, after }), not ${given}`,
      });
    }
    let name = registerOptions.name;
    if (name === undefined) {
      // Skip numbers someone took explicitly, so an anonymous plugin never hits duplicate-plugin.
      let n = seq;
      do name = `anonymous#${++n}`;
      while (registrations.has(name));
    }
    if (typeof name !== 'string' || name === '') {
      throw new InvalidPluginError({ plugin: String(name), reason: 'its name must be a non-empty string' });
    }
    if ((typeof impl !== 'object' && typeof impl !== 'function') || impl === null) {
      throw new InvalidPluginError({
        plugin: name,
        reason: `it is ${describeValue(impl)}, not an object of hook implementations`,
      });
    }
    const { order, before = [], after = [] } = registerOptions;
    if (order !== undefined && order !== 'pre' && order !== 'post') {
      throw new InvalidPluginError({
        plugin: name,
        reason: `order must be 'pre' or 'post', not ${describeValue(order)}`,
      });
    }
    for (const [key, list] of [
      ['before', before],
      ['after', after],
    ] as const) {
      if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
        throw new InvalidPluginError({ plugin: name, reason: `${key} must be an array of plugin names` });
      }
    }
    if (registrations.has(name)) throw new DuplicatePluginError({ plugin: name });

    // Validate everything, and sort every affected hook, before changing anything: a failed
    // registration leaves no trace.
    const target = impl as Record<string, unknown>;
    if (!allowExtra) {
      for (const key of Object.keys(target))
        if (!states.has(key))
          throw new UnknownHookError({ hook: key, plugin: name, suggestion: didYouMean(key, states.keys()) });
    }
    const order_ = seq++;
    const records: (readonly [HookState, ImplRecord])[] = [];
    for (const state of states.values()) {
      // `in`-style lookup, not Object.keys, so methods of class instances count too; but not the
      // members every object inherits (a hook named `toString` is not implemented by `{}`).
      const value = target[state.name];
      if (
        value === undefined ||
        (value === (Object.prototype as Record<string, unknown>)[state.name] && !Object.hasOwn(target, state.name))
      )
        continue;
      const wrapper = unwrap(value);
      const fn = wrapper === undefined ? value : wrapper.fn;
      if (typeof fn !== 'function') throw new NotAFunctionError({ plugin: name, hook: state.name, value });
      if (wrapper?.mode === 'sync' && state.kind === 'parallel') {
        // Its next() would have to return the results of implementations that run concurrently.
        throw new InvalidPluginError({
          plugin: name,
          hook: state.name,
          reason: `wrap() cannot wrap the parallel hook '${state.name}', which only runs asynchronously; use wrapAsync()`,
        });
      }
      records.push([
        state,
        {
          plugin: name,
          order,
          before: Object.freeze([...before]),
          after: Object.freeze([...after]),
          seq: order_,
          wrapper: wrapper?.mode,
          // Bound so that methods keep their `this`. Not `fn.call(plugin, ...)` at each call site:
          // that is only fast while V8 can prove `fn.call` is the builtin, which it cannot once
          // anything redefines a property of the function (hookable, for one, redefines `name`).
          fn: fn.bind(impl),
        },
      ]);
    }
    const sorted = records.map(([state, rec]) => {
      const list = rec.wrapper === undefined ? state.plain : state.wrappers;
      return sortNodes([...list, rec], state.name, name);
    });

    records.forEach(([state, rec], i) => {
      if (rec.wrapper === undefined) state.plain = sorted[i]!;
      else state.wrappers = sorted[i]!;
      reset(state);
    });
    const registration: Registration = { name, records };
    registrations.set(name, registration);

    let active = true;
    const unregister = (): void => {
      if (!active) return;
      active = false;
      registrations.delete(name);
      for (const [state, rec] of records) {
        // Re-sort rather than filter: the order must depend only on who is registered, and
        // removing a node can change how registration-order ties fall.
        if (rec.wrapper === undefined) state.plain = resort(state.plain, rec, state.name);
        else state.wrappers = resort(state.wrappers, rec, state.name);
        reset(state);
      }
    };

    const pending: Promise<void>[] = [];
    try {
      for (const [state, rec] of records) {
        const replaying = replay(state, rec, monitors, () => active);
        if (replaying) pending.push(replaying);
      }
    } catch (error) {
      // The replays already queued for other hooks stop at their next step (they check `active`),
      // and their failures, which nobody can await now, must not become unhandled rejections.
      unregister();
      for (const p of pending) p.catch(() => {});
      throw error;
    }
    return withReady(unregister, pending);
  };

  const registerAll = (
    loaded: Iterable<LoadedHookPlugin<unknown>>,
    registerAllOptions: RegisterAllOptions = {},
  ): Unregister => {
    if (typeof registerAllOptions !== 'object' || registerAllOptions === null) {
      throw new TypeError(
        `registerAll(): options must be an object ({ onError }), not ${describeValue(registerAllOptions)}`,
      );
    }
    const done: Unregister[] = [];
    for (const item of loaded) {
      try {
        done.push(register(item.plugin, { name: item.name }));
      } catch (error) {
        if (registerAllOptions.onError === undefined) {
          for (const undo of done) undo();
          throw error;
        }
        try {
          registerAllOptions.onError(error, item);
        } catch (rethrown) {
          // The handler chose to stop: nobody gets an Unregister, so undo what this call did.
          for (const undo of done) undo();
          throw rethrown;
        }
      }
    }
    return withReady(
      () => {
        for (const undo of done) undo();
      },
      done.map((u) => u.ready),
    );
  };

  const check = (): RequiredHookMissingError[] => {
    const missing: RequiredHookMissingError[] = [];
    for (const state of states.values()) {
      if (state.required && state.plain.length === 0) missing.push(new RequiredHookMissingError({ hook: state.name }));
    }
    return missing;
  };

  const monitor = (m: HookMonitor): (() => void) => {
    // A fresh token per subscription, so subscribing one object twice needs two unsubscribes.
    const token = subscription(m);
    monitors = [...monitors, token];
    for (const state of states.values()) reset(state);
    return () => {
      if (!monitors.includes(token)) return;
      monitors = monitors.filter((t) => t !== token);
      for (const state of states.values()) reset(state);
    };
  };

  const plugins = (name: string): string[] => {
    const state = stateOf(name);
    return [...state.wrappers, ...state.plain].map((r) => r.plugin);
  };

  const hook = (name: string): HookState['handle'] => stateOf(name).handle;

  const clearHistory = (name?: string): void => {
    if (name === undefined) for (const state of states.values()) clear(state);
    else clear(stateOf(name));
  };

  return Object.freeze({
    call,
    callAsync,
    hook,
    register,
    registerAll,
    with: withOptions,
    check,
    monitor,
    plugins,
    clearHistory,
  }) as unknown as Hooks<any, any>;
}

function unknownHook(name: unknown, states: ReadonlyMap<string, HookState>): UnknownHookError {
  const hook = String(name);
  return new UnknownHookError({ hook, suggestion: didYouMean(hook, states.keys()) });
}

function historic<C extends (...args: unknown[]) => unknown>(state: HookState, mode: 'sync' | 'async', caller: C): C {
  return ((...args: unknown[]) => {
    record(state, args, mode);
    return caller(...args);
  }) as C;
}

function resort(list: readonly ImplRecord[], removed: ImplRecord, hook: string): ImplRecord[] {
  // Cannot throw: removing a node from an acyclic constraint graph leaves it acyclic.
  return sortNodes(
    list.filter((r) => r !== removed),
    hook,
    removed.plugin,
  );
}

function withReady(undo: () => void, pending: readonly Promise<void>[]): Unregister {
  const ready = pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => undefined);
  // Whoever awaits `ready` still sees the rejection; this only stops Node from treating an
  // unobserved replay failure as an unhandled rejection that kills the process.
  ready.catch(() => {});
  return Object.defineProperty(undo, 'ready', { value: ready, enumerable: true }) as Unregister;
}
