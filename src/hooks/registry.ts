// Registration, as a few named steps: read the options, admit the plugin, match its properties
// against the spec, sort every affected hook, install, replay history. Everything that can fail is
// checked before anything changes, so a failed registration leaves no trace.
import { describeValue, didYouMean, type ErrorEntryPoint } from '../core/index.js';
import { reset, type Watchers } from './callers.js';
import { DuplicatePluginError, InvalidPluginError, NotAFunctionError, UnknownHookError } from './errors.js';
import { replay } from './history.js';
import { sortNodes } from './order.js';
import type { HookState, ImplRecord } from './spec.js';
import type { RegisterOptions, Unregister } from './types.js';
import { unwrap } from './wrap.js';

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
  records.forEach(([state, rec], i) => install(registry, state, rec, sorted[i]!));
  const unregister = undoer(registry, plan.name, records);
  registry.registrations.set(plan.name, { name: plan.name, impl: target, records, unregister });
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
  if (typeof name !== 'string' || name === '') {
    throw new InvalidPluginError({ plugin: String(name), reason: 'its name must be a non-empty string', entryPoint });
  }
  const { order, before = [], after = [] } = options;
  if (order !== undefined && order !== 'pre' && order !== 'post') {
    const reason = `order must be 'pre' or 'post', not ${describeValue(order)}`;
    throw new InvalidPluginError({ plugin: name, reason, entryPoint });
  }
  for (const [key, list] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
      throw new InvalidPluginError({ plugin: name, reason: `${key} must be an array of plugin names`, entryPoint });
    }
  }
  return { name, order, before: Object.freeze([...before]), after: Object.freeze([...after]), entryPoint };
}

/** Refuse a plugin that cannot be registered at all, whatever it implements. */
function admit(registry: Registry, impl: unknown, plan: Plan): Record<string, unknown> {
  const { name, entryPoint } = plan;
  if ((typeof impl !== 'object' && typeof impl !== 'function') || impl === null) {
    const reason = `it is ${describeValue(impl)}, not an object of hook implementations`;
    throw new InvalidPluginError({ plugin: name, reason, entryPoint });
  }
  if (registry.registrations.has(name)) throw new DuplicatePluginError({ plugin: name, entryPoint });
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
    if (wrapper?.mode === 'sync' && state.kind === 'parallel') {
      // Its next() would have to return the results of implementations that run concurrently.
      const reason = `wrap() cannot wrap the parallel hook '${state.name}', which only runs asynchronously; use wrapAsync()`;
      throw new InvalidPluginError({ plugin: name, hook: state.name, reason, entryPoint });
    }
    records.push([
      state,
      {
        plugin: name,
        order: plan.order,
        before: plan.before,
        after: plan.after,
        seq,
        wrapper: wrapper?.mode,
        // Bound so that methods keep their `this`. Not `fn.call(plugin, ...)` at each call site:
        // that is only fast while V8 can prove `fn.call` is the builtin, which it cannot once
        // anything redefines a property of the function (hookable, for one, redefines `name`).
        fn: fn.bind(target),
      },
    ]);
  }
  return records;
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

function undoer(registry: Registry, name: string, records: readonly (readonly [HookState, ImplRecord])[]): Unregister {
  let active = true;
  return (() => {
    if (!active) return;
    active = false;
    registry.registrations.delete(name);
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
