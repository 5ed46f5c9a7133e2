// The spec is validated once, in createHooks(), and turned into one mutable HookState per hook.
// Everything a call needs is precomputed on that state, so a call does no validation.
import { describeValue } from '../core/index.js';
import { InvalidHookSpecError } from './errors.js';
import type { OrderNode } from './order.js';
import type { HookKind } from './types.js';

const KINDS: ReadonlySet<string> = new Set<HookKind>(['series', 'first', 'waterfall', 'parallel', 'parallel-first']);

/** One implementation of one hook, as registered. */
export interface ImplRecord extends OrderNode {
  /** The implementation, bound to its plugin object. */
  readonly fn: Function;
  /** The implementation as the plugin gave it (a wrapper's function for wrappers), for `implementations()`. */
  readonly source: Function;
  /** Set for wrappers: which chain they expect. */
  readonly wrapper: 'sync' | 'async' | undefined;
}

/** A remembered call of a historic hook. */
export interface HistoryEntry {
  readonly args: readonly unknown[];
  readonly mode: 'sync' | 'async';
}

/** Internal, per-hook state. */
export interface HookState {
  readonly name: string;
  readonly kind: HookKind;
  /** Whether the kind only runs asynchronously (`parallel`, `parallel-first`). */
  readonly parallel: boolean;
  readonly required: boolean;
  /** False for a `series` declared `results: false`: results are not gathered. */
  readonly results: boolean;
  /** Set for historic hooks: the remembered calls, oldest first. */
  readonly history: HistoryEntry[] | undefined;
  /** How many calls `history` keeps (`Infinity` for `historic: true`). */
  readonly historyLimit: number;
  // The two lists are replaced, never mutated: a call reads them once and so iterates a snapshot
  // that a plugin (un)registering during the call cannot change. Copy-on-write rather than a copy
  // per call, so the fast path pays nothing for it.
  plain: readonly ImplRecord[];
  wrappers: readonly ImplRecord[];
  /**
   * What `hooks.hook(name)` returns, and where the cached callers live: reset to the compiling
   * stubs whenever the lists or monitors change, swapped in place (as tapable swaps `hook.call`),
   * so a call through a handle is one property load.
   */
  readonly handle: HookHandleState;
  /** The spec map this state belongs to: tells a hook from an `Object.prototype` member by name. */
  readonly owner: object;
}

/** The mutable object behind a hook handle. */
export interface HookHandleState {
  readonly name: string;
  call: (...args: unknown[]) => unknown;
  callAsync: (...args: unknown[]) => Promise<unknown>;
}

/** Validate `spec` and build the state of each hook (callers still unset). */
export function readSpec(spec: unknown): Map<string, HookState> {
  if (typeof spec !== 'object' || spec === null) {
    throw new InvalidHookSpecError({ hook: '*', reason: 'the spec must be an object mapping hook names to { kind }' });
  }
  const states = new Map<string, HookState>();
  for (const [name, entry] of Object.entries(spec)) {
    if (typeof entry !== 'object' || entry === null) {
      throw new InvalidHookSpecError({ hook: name, reason: "expected an object like { kind: 'series' }" });
    }
    const { kind, required, historic, results } = entry as Record<string, unknown>;
    if (typeof kind !== 'string' || !KINDS.has(kind)) {
      throw new InvalidHookSpecError({
        hook: name,
        reason: `kind must be one of ${[...KINDS].map((k) => `'${k}'`).join(', ')}, not ${describeValue(kind)}`,
      });
    }
    if (required !== undefined && typeof required !== 'boolean') {
      throw new InvalidHookSpecError({ hook: name, reason: 'required must be a boolean' });
    }
    const historyLimit = readHistoric(name, historic);
    if (results !== undefined && typeof results !== 'boolean') {
      throw new InvalidHookSpecError({ hook: name, reason: 'results must be a boolean' });
    }
    if (results !== undefined && kind !== 'series') {
      throw new InvalidHookSpecError({ hook: name, reason: `results applies to series hooks only, not '${kind}'` });
    }
    states.set(name, {
      name,
      kind: kind as HookKind,
      parallel: kind === 'parallel' || kind === 'parallel-first',
      required: required === true,
      results: results !== false,
      history: historyLimit === 0 ? undefined : [],
      historyLimit,
      plain: [],
      wrappers: [],
      handle: { name, call: unset, callAsync: unset },
      owner: states,
    });
  }
  return states;
}

/** How many calls `historic` asks to remember: 0 for none, `Infinity` for all. */
function readHistoric(name: string, historic: unknown): number {
  if (historic === undefined || historic === false) return 0;
  if (historic === true) return Number.POSITIVE_INFINITY;
  if (typeof historic !== 'object' || historic === null || Array.isArray(historic)) {
    throw new InvalidHookSpecError({
      hook: name,
      reason: `historic must be a boolean or { limit: n }, not ${describeValue(historic)}`,
    });
  }
  const { limit } = historic as { limit?: unknown };
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    const got = limit === undefined ? 'it is missing' : `not ${describeValue(limit)}`;
    throw new InvalidHookSpecError({ hook: name, reason: `historic.limit must be a positive integer, ${got}` });
  }
  return limit;
}

function unset(): never {
  throw new Error('plugboard: hook caller used before it was initialised');
}
