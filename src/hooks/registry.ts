// Registration, as a few named steps: read the options, admit the plugin, match its properties
// against the spec, sort every affected hook, install, replay history. Everything that can fail is
// checked before anything changes, so a failed registration leaves no trace.
import { describeValue, didYouMean, type ErrorEntryPoint } from '../core/index.js';
import { reset, type Watchers } from './callers.js';
import {
  BlockedPluginError,
  DuplicatePluginError,
  HookError,
  InvalidPluginError,
  NotAFunctionError,
  UnknownHookError,
} from './errors.js';
import { replay } from './history.js';
import { sortNodes } from './order.js';
import type { HookState, ImplRecord } from './spec.js';
import type {
  HookImplementation,
  ImplOrder,
  LoadedHookPlugin,
  RegisterAllOptions,
  RegisterError,
  RegisteredAll,
  RegisterOptions,
  Unregister,
} from './types.js';
import { orderOf, unwrap } from './wrap.js';

/** One registered plugin. */
interface Registration {
  readonly name: string;
  readonly impl: object;
  readonly records: readonly (readonly [HookState, ImplRecord])[];
  readonly unregister: Unregister;
}

/** The registrations of one hooks object. */
export interface Registry {
  readonly states: ReadonlyMap<string, HookState>;
  readonly allowExtra: boolean;
  readonly watchers: Watchers;
  readonly registrations: Map<string, Registration>;
  /** Who each registered plugin object is registered as: one object registered twice runs twice. */
  readonly objects: Map<object, string>;
  readonly blocked: Set<string>;
  /** Registration sequence: decides ties in ordering, and numbers anonymous plugins. */
  seq: number;
}

/** What `register()` knows about a plugin once its options are read. */
interface Plan {
  readonly name: string;
  readonly order: 'pre' | 'post' | undefined;
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Where a plugin registered from a group came from, for errors its author can act on. */
  readonly entryPoint: ErrorEntryPoint | undefined;
}

/** Register `impl`; see `Hooks.register`. */
export function register(
  registry: Registry,
  impl: unknown,
  options: RegisterOptions = {},
  entryPoint?: ErrorEntryPoint,
): Unregister {
  const plan = readOptions(registry, options, entryPoint);
  const target = admit(registry, impl, plan);
  const records = match(registry, target, plan);
  const sorted = records.map(([state, rec]) => sortNodes([...listOf(state, rec), rec], state.name, plan.name));
  // Nothing has changed so far; from here on nothing can fail but a historic replay, which undoes.
  records.forEach(([state, rec], i) => {
    install(registry, state, rec, sorted[i]!);
  });
  const unregister = undoer(registry, plan.name, target, records);
  registry.registrations.set(plan.name, { name: plan.name, impl: target, records, unregister });
  registry.objects.set(target, plan.name);
  const live = (): boolean => registry.registrations.get(plan.name)?.records === records;
  const pending: Promise<void>[] = [];
  try {
    for (const [state, rec] of records) {
      const replaying = replay(state, rec, registry.watchers.monitors, live);
      if (replaying) pending.push(replaying);
    }
  } catch (error) {
    // The replays already queued for other hooks stop at their next step (they check that the
    // plugin is still registered), and their failures, which nobody can await now, must not
    // become unhandled rejections.
    unregister();
    for (const p of pending) p.catch(() => {});
    throw error;
  }
  return withReady(unregister, pending);
}

function readOptions(registry: Registry, options: RegisterOptions, entryPoint: ErrorEntryPoint | undefined): Plan {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidPluginError({
      plugin: 'anonymous',
      reason: `its options must be an object ({ name, order, before, after }), not ${describeValue(options)}`,
    });
  }
  let name = options.name;
  if (name === undefined) {
    // Skip numbers someone took explicitly, so an anonymous plugin never hits duplicate-plugin.
    let n = registry.seq;
    do name = `anonymous#${++n}`;
    while (registry.registrations.has(name));
  }
  // Blank names are refused as tapable refuses them: they read as no name in every message.
  if (typeof name !== 'string' || name.trim() === '') {
    const reason = `its name must be a string that is not blank, not ${describeValue(name)}`;
    throw new InvalidPluginError({ plugin: String(name), reason, entryPoint });
  }
  const order = readOrder(options, (reason) => new InvalidPluginError({ plugin: name, reason, entryPoint }));
  return { name, ...order, entryPoint };
}

/** Validate `order`, `before` and `after`, of `register()`'s options or of `ordered()`. */
function readOrder(
  source: ImplOrder,
  refuse: (reason: string) => Error,
): { order: ImplOrder['order']; before: readonly string[]; after: readonly string[] } {
  const { order, before = [], after = [] } = source;
  if (order !== undefined && order !== 'pre' && order !== 'post') {
    throw refuse(`order must be 'pre' or 'post', not ${describeValue(order)}`);
  }
  for (const [key, list] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
      throw refuse(`${key} must be an array of plugin names`);
    }
  }
  return { order, before: Object.freeze([...before]), after: Object.freeze([...after]) };
}

/** Refuse a plugin that cannot be registered at all, whatever it implements. */
function admit(registry: Registry, impl: unknown, plan: Plan): Record<string, unknown> {
  const { name, entryPoint } = plan;
  if ((typeof impl !== 'object' && typeof impl !== 'function') || impl === null) {
    const reason = `it is ${describeValue(impl)}, not an object of hook implementations`;
    throw new InvalidPluginError({ plugin: name, reason, entryPoint });
  }
  if (registry.blocked.has(name)) throw new BlockedPluginError({ plugin: name, entryPoint });
  if (registry.registrations.has(name)) throw new DuplicatePluginError({ plugin: name, entryPoint });
  const registeredAs = registry.objects.get(impl);
  if (registeredAs !== undefined) throw new DuplicatePluginError({ plugin: name, registeredAs, entryPoint });
  return impl as Record<string, unknown>;
}

/** The implementations `target` gives, one record per hook, validated against the spec. */
function match(registry: Registry, target: Record<string, unknown>, plan: Plan): [HookState, ImplRecord][] {
  const { states } = registry;
  const { name, entryPoint } = plan;
  if (!registry.allowExtra) {
    for (const key of Object.keys(target)) {
      if (states.has(key)) continue;
      const suggestion = didYouMean(key, states.keys());
      throw new UnknownHookError({ hook: key, plugin: name, entryPoint, suggestion, declared: [...states.keys()] });
    }
  }
  const seq = registry.seq++;
  const records: [HookState, ImplRecord][] = [];
  for (const state of states.values()) {
    const value = implementationOf(target, state.name);
    if (value === undefined) continue;
    const wrapper = unwrap(value);
    const fn = wrapper === undefined ? value : wrapper.fn;
    if (typeof fn !== 'function') throw new NotAFunctionError({ plugin: name, hook: state.name, value, entryPoint });
    if (wrapper?.mode === 'sync' && state.parallel) {
      // Its next() would have to return the results of implementations that run concurrently.
      const reason = `wrap() cannot wrap the ${state.kind} hook '${state.name}', which only runs asynchronously; use wrapAsync()`;
      throw new InvalidPluginError({ plugin: name, hook: state.name, reason, entryPoint });
    }
    const order = implOrder(orderOf(value), plan, state.name);
    records.push([
      state,
      {
        plugin: name,
        order: order.order,
        before: order.before,
        after: order.after,
        seq,
        wrapper: wrapper?.mode,
        source: fn,
        // Bound so that methods keep their `this`. Not `fn.call(plugin, ...)` at each call site:
        // that is only fast while V8 can prove `fn.call` is the builtin, which it cannot once
        // anything redefines a property of the function (hookable, for one, redefines `name`).
        fn: fn.bind(target),
      },
    ]);
  }
  return records;
}

/** How one implementation is ordered: what `ordered()` gave replaces the plugin's options. */
function implOrder(own: ImplOrder | undefined, plan: Plan, hook: string): Pick<Plan, 'order' | 'before' | 'after'> {
  if (own === undefined) return plan;
  const { name: plugin, entryPoint } = plan;
  const read = readOrder(
    own,
    (reason) => new InvalidPluginError({ plugin, hook, reason: `ordered() of hook '${hook}': ${reason}`, entryPoint }),
  );
  return {
    order: 'order' in own ? read.order : plan.order,
    before: own.before === undefined ? plan.before : read.before,
    after: own.after === undefined ? plan.after : read.after,
  };
}

/**
 * `target[hook]`, found `in`-style rather than by Object.keys so methods of class instances count
 * too; but not the members every object inherits (a hook named `toString` is not implemented by `{}`).
 */
function implementationOf(target: Record<string, unknown>, hook: string): unknown {
  const value = target[hook];
  if (value === (Object.prototype as Record<string, unknown>)[hook] && !Object.hasOwn(target, hook)) return undefined;
  return value;
}

const listOf = (state: HookState, rec: ImplRecord): readonly ImplRecord[] =>
  rec.wrapper === undefined ? state.plain : state.wrappers;

function install(registry: Registry, state: HookState, rec: ImplRecord, list: ImplRecord[]): void {
  if (rec.wrapper === undefined) state.plain = list;
  else state.wrappers = list;
  reset(state, registry.watchers);
}

function undoer(
  registry: Registry,
  name: string,
  target: object,
  records: readonly (readonly [HookState, ImplRecord])[],
): Unregister {
  let active = true;
  return (() => {
    if (!active) return;
    active = false;
    registry.registrations.delete(name);
    registry.objects.delete(target);
    for (const [state, rec] of records) {
      // Re-sort rather than filter: the order must depend only on who is registered, and
      // removing a node can change how registration-order ties fall. Cannot throw: removing a
      // node from an acyclic constraint graph leaves it acyclic.
      const rest = listOf(state, rec).filter((r) => r !== rec);
      install(registry, state, rec, sortNodes(rest, state.name, name));
    }
  }) as Unregister;
}

/** `undo`, with the `ready` promise of the replays it started. */
export function withReady(undo: () => void, pending: readonly Promise<void>[]): Unregister {
  const ready = pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => undefined);
  // Whoever awaits `ready` still sees the rejection; this only stops Node from treating an
  // unobserved replay failure as an unhandled rejection that kills the process.
  ready.catch(() => {});
  return Object.defineProperty(undo, 'ready', { value: ready, enumerable: true }) as Unregister;
}

/** Register every loaded plugin; see `Hooks.registerAll`. */
export function registerAll(
  registry: Registry,
  loaded: Iterable<LoadedHookPlugin<unknown>>,
  options: RegisterAllOptions = {},
): RegisteredAll {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `registerAll(): options must be an object ({ errors, onError }), not ${describeValue(options)}`,
    );
  }
  const policy = options.errors ?? 'collect';
  if (policy !== 'collect' && policy !== 'throw') {
    throw new TypeError(`registerAll(): errors must be 'collect' or 'throw', not ${describeValue(policy)}`);
  }
  const done: Unregister[] = [];
  const errors: RegisterError[] = [];
  const undoAll = (): void => {
    for (const undo of done) undo();
  };
  for (const item of loaded) {
    if (registry.blocked.has(item.name)) continue;
    try {
      done.push(register(registry, item.plugin, { name: item.name }, item.entryPoint));
    } catch (thrown) {
      const error = asRegisterError(thrown, item);
      if (policy === 'throw' && options.onError === undefined) {
        undoAll();
        throw error;
      }
      errors.push(error);
      try {
        options.onError?.(error, item);
      } catch (rethrown) {
        // The handler chose to stop: nobody gets an Unregister, so undo what this call did.
        undoAll();
        throw rethrown;
      }
    }
  }
  const all = withReady(
    undoAll,
    done.map((u) => u.ready),
  );
  return Object.defineProperty(all, 'errors', { value: Object.freeze(errors), enumerable: true }) as RegisteredAll;
}

/**
 * What `register()` threw, as a `RegisterError`: anything else came from the plugin object itself
 * (a getter or a Proxy trap that throws), and is reported as that plugin being invalid.
 */
function asRegisterError(thrown: unknown, item: LoadedHookPlugin<unknown>): RegisterError {
  if (thrown instanceof HookError) return thrown as RegisterError;
  const reason = `reading it threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : describeValue(thrown)}`;
  return new InvalidPluginError({ plugin: item.name, reason, entryPoint: item.entryPoint, cause: thrown });
}

/** The registration of `plugin`, a name or a registered object. */
function find(registry: Registry, plugin: string | object): Registration | undefined {
  const name = typeof plugin === 'string' ? plugin : registry.objects.get(plugin);
  return name === undefined ? undefined : registry.registrations.get(name);
}

/** Unregister `plugin`; see `Hooks.unregister`. */
export function unregister(registry: Registry, plugin: string | object): boolean {
  const found = find(registry, plugin);
  found?.unregister();
  return found !== undefined;
}

export const isRegistered = (registry: Registry, plugin: string | object): boolean =>
  find(registry, plugin) !== undefined;

/** Block `name`; see `Hooks.block`. */
export function block(registry: Registry, name: string): void {
  if (typeof name !== 'string')
    throw new TypeError(`hooks.block(): the name must be a string, not ${describeValue(name)}`);
  registry.blocked.add(name);
  unregister(registry, name);
}

/** The implementations of one hook, in call order; see `Hooks.implementations`. */
export function implementations(state: HookState): HookImplementation[] {
  return [...state.wrappers, ...state.plain].map((r) =>
    Object.freeze({
      plugin: r.plugin,
      hook: state.name,
      function: r.source as HookImplementation['function'],
      wrapper: r.wrapper,
      order: r.order,
      before: r.before,
      after: r.after,
    }),
  );
}
