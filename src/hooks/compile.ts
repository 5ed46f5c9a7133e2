// The fast path of a call: a caller specialised for one hook's current implementations, used
// while the hook has no wrappers, no monitor is subscribed and errors are thrown — the common case,
// and what bench/hooks.js measures. It is rebuilt whenever the implementations change.
//
// Why generated code, like tapable: a loop `for (...) fns[i](...args)` has one call site shared by
// every implementation, so V8 sees it as megamorphic and inlines nothing, and the spread costs
// more again. Unrolled calls with the arguments as locals (`f0(a0); f1(a0); ...`) give each
// implementation its own monomorphic call site. Measured with 10 implementations (Node 20): spread
// loop 2.2x the hand loop, unrolled ~0.7x. Closures specialised per count cannot match it, because
// every hook with the same count would share (and pollute) the same call sites' feedback.
//
// The generated source is built only from integers (implementation count and arity); functions
// are passed in as values, never as text, so no plugin-controlled string reaches `new Function`.
// Where `new Function` is forbidden (a Content-Security-Policy without 'unsafe-eval'), the closure
// loops below are used instead: same behaviour, but sync calls cost several times more (the
// implementations are bound functions, and a loop over ten of them inlines nothing).
import { blame } from './blame.js';
import { discard, firstAnswer, isThenable } from './thenable.js';
import { ParallelSyncCallError, SyncReturnedPromiseError } from './errors.js';
import type { HookState } from './spec.js';
import type { HookKind } from './types.js';

type Impl = (...args: unknown[]) => unknown;
type SyncCaller = (...args: unknown[]) => unknown;
type AsyncCaller = (...args: unknown[]) => Promise<unknown>;
type Fail = (index: number, value: PromiseLike<unknown>) => Error;
/** Records which implementation threw `error` (for `hooks.pluginOf`) and returns it, to rethrow. */
type Tag = (index: number, error: unknown) => unknown;

let codegen: boolean | undefined;
let serial = 0;

/** Force code generation on or off, or `undefined` to probe again. For tests of both paths. */
export function setCodegen(enabled: boolean | undefined): void {
  codegen = enabled;
}

function canGenerate(): boolean {
  if (codegen === undefined) {
    try {
      codegen = new Function('return true')() === true;
    } catch {
      codegen = false;
    }
  }
  return codegen;
}

/** `hooks.call` and `hooks.callAsync`: look the hook up by name and run its cached caller. */
export interface Dispatch {
  readonly call: (name: string, ...args: unknown[]) => unknown;
  readonly callAsync: (name: string, ...args: unknown[]) => Promise<unknown>;
}

/**
 * The by-name callers of one hooks object. Generated, with a serial number, for the same reason as
 * the hooks' callers: closures made from one function literal share its call sites' feedback, so
 * once a process has a few hooks objects, every `hooks.call()` would dispatch megamorphically and
 * nothing would inline (measured: a `first` hook by name went from 7 to 15 ns per call once four
 * hooks objects had been called). `owner` tells a hook from an `Object.prototype` member.
 */
export function compileDispatch(
  byName: Record<string, HookState | undefined>,
  owner: object,
  unknown: (name: string) => Error,
): Dispatch {
  if (!canGenerate()) {
    return {
      call: (name, ...args) => {
        const state = byName[name];
        if (state === undefined || state.owner !== owner) throw unknown(name);
        return state.handle.call(...args);
      },
      callAsync: (name, ...args) => {
        const state = byName[name];
        if (state === undefined || state.owner !== owner) return Promise.reject(unknown(name));
        return state.handle.callAsync(...args);
      },
    };
  }
  // The rest arguments are only forwarded with a spread, a pattern V8 can compile to a direct call
  // without materialising the array.
  const source = [
    `// dispatch ${++serial}`,
    `'use strict';`,
    'return {',
    'call: (name, ...args) => {',
    'const state = byName[name];',
    'if (state === undefined || state.owner !== owner) throw unknown(name);',
    'return state.handle.call(...args);',
    '},',
    'callAsync: (name, ...args) => {',
    'const state = byName[name];',
    'if (state === undefined || state.owner !== owner) return Promise.reject(unknown(name));',
    'return state.handle.callAsync(...args);',
    '},',
    '};',
  ].join('\n');
  return new Function('byName', 'owner', 'unknown', source)(byName, owner, unknown) as Dispatch;
}

/**
 * Build the synchronous caller of `state` for its current implementations. `arity` is the length
 * of the arguments of the first call; calls with another length get their own caller on demand.
 */
export function compileSync(state: HookState, arity: number): SyncCaller {
  const { kind, name: hook } = state;
  if (kind === 'parallel' || kind === 'parallel-first') {
    return () => {
      throw new ParallelSyncCallError({ hook, kind });
    };
  }
  const impls = state.plain;
  const fns = impls.map((i) => i.fn as Impl);
  const fail: Fail = (index, value) => {
    discard(value);
    return new SyncReturnedPromiseError({ plugin: impls[index]!.plugin, hook });
  };
  const tag = tagger(state);
  if (!canGenerate()) return loopSync(kind, fns, fail, tag, state.results);
  return perArity<SyncCaller>(
    arity,
    (n, other) => generate(kind, 'sync', fns.length, n, state.results)(fns, fail, tag, other) as SyncCaller,
  );
}

/** Build the asynchronous caller of `state` for its current implementations; see `compileSync`. */
export function compileAsync(state: HookState, arity: number): AsyncCaller {
  const { kind } = state;
  const fns = state.plain.map((i) => i.fn as Impl);
  const tag = tagger(state);
  if (kind === 'parallel' || kind === 'parallel-first') return parallel(fns, tag, kind === 'parallel-first');
  if (!canGenerate()) return loopAsync(kind, fns, tag, state.results);
  return perArity<AsyncCaller>(
    arity,
    (n, other) => generate(kind, 'async', fns.length, n, state.results)(fns, undefined, tag, other) as AsyncCaller,
  );
}

function tagger(state: HookState): Tag {
  const impls = state.plain;
  return (index, error) => blame(error, impls[index]!.plugin, state.owner);
}

/**
 * The caller `build` makes for `arity` arguments. A call with another number of arguments goes to
 * `other`, which builds (once) and uses the caller for that number.
 */
function perArity<C extends (...args: unknown[]) => unknown>(arity: number, build: (arity: number, other: C) => C): C {
  const callers = new Map<number, C>();
  const other = ((...args: unknown[]) => {
    let caller = callers.get(args.length);
    if (caller === undefined) {
      caller = build(args.length, other);
      callers.set(args.length, caller);
    }
    return caller(...args);
  }) as C;
  const caller = build(arity, other);
  callers.set(arity, caller);
  return caller;
}

type Factory = (fns: Impl[], fail: Fail | undefined, tag: Tag, other: Function) => Function;
type SerialKind = Exclude<HookKind, 'parallel' | 'parallel-first'>;

/**
 * The caller for `count` implementations called with `arity` arguments. `gather` is false for a
 * `series` declared `results: false`: without the result array, nothing is allocated per call and
 * V8 can inline the whole chain (tapable's SyncHook does the same work). The body runs in one
 * `try`, and `at` says which implementation runs, so that what one throws is rethrown unchanged
 * after `tag` has noted whose it was: a store per implementation, not a handler per call site.
 */
function generate(kind: SerialKind, mode: 'sync' | 'async', count: number, arity: number, gather: boolean): Factory {
  // A waterfall threads its first argument, so it always has one (undefined if not passed).
  const params = Array.from({ length: kind === 'waterfall' ? Math.max(arity, 1) : arity }, (_, i) => `a${i}`);
  const declared = params.slice(0, arity).join(', ');
  const missing = arity === 0 && kind === 'waterfall' ? ['const a0 = undefined;'] : [];
  const run = [
    'let at = 0;',
    'try {',
    ...calls(kind, mode, count, params, gather),
    '} catch (e) { throw tag(at, e); }',
  ];
  const source = [
    // A serial number makes each source unique. V8 caches `new Function` by source text, and
    // callers built from the same text would share their call sites' type feedback: two hooks with
    // the same kind, count and arity would each see the other's implementations, and neither could
    // inline.
    `// caller ${++serial}`,
    `'use strict';`,
    ...Array.from({ length: count }, (_, i) => `const f${i} = f[${i}];`),
    // Real parameters, not an array: hooks.call() forwards its rest arguments with a spread, which
    // V8 can turn into a direct call without allocating the array. The arity check reads
    // `arguments.length` in a plain function: an async function that mentions `arguments` must
    // materialise it on every call, as its frame may be suspended.
    ...(mode === 'async'
      ? [
          `const run = async function (${declared}) {`,
          ...missing,
          ...run,
          '};',
          `return function (${declared}) {`,
          `return arguments.length === ${arity} ? run(${declared}) : other.apply(undefined, arguments);`,
          '};',
        ]
      : [
          `return function (${declared}) {`,
          `if (arguments.length !== ${arity}) return other.apply(undefined, arguments);`,
          ...missing,
          ...run,
          '};',
        ]),
  ].join('\n');
  return new Function('f', 'fail', 'tag', 'other', source) as Factory;
}

/** The statements that call the implementations in turn and return the kind's result. */
function calls(kind: SerialKind, mode: 'sync' | 'async', count: number, params: string[], gather: boolean): string[] {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const aw = mode === 'async' ? 'await ' : '';
  // Only a sync call must refuse promises; the check is inlined because it runs per implementation.
  const check = (i: number): string =>
    mode === 'sync'
      ? `if (((typeof r === 'object' && r !== null) || typeof r === 'function') && typeof r.then === 'function') throw fail(${i}, r);`
      : '';
  const list = params.join(', ');
  switch (kind) {
    case 'series': {
      // Each result is checked before the next implementation runs, as in the closure path.
      const step = (i: number): string => `at = ${i}; r = ${aw}f${i}(${list}); ${check(i)}`;
      const keep = (i: number): string => (gather ? ` const r${i} = r;` : '');
      const result = gather ? `[${indexes.map((i) => `r${i}`).join(', ')}]` : 'undefined';
      return ['let r;', ...indexes.map((i) => step(i) + keep(i)), `return ${result};`];
    }
    case 'first':
      return [
        'let r;',
        ...indexes.map((i) => `at = ${i}; r = ${aw}f${i}(${list}); if (r !== undefined) { ${check(i)} return r; }`),
        'return undefined;',
      ];
    case 'waterfall': {
      const rest = params
        .slice(1)
        .map((p) => `, ${p}`)
        .join('');
      return [
        'let r, v = a0;',
        ...indexes.map((i) => `at = ${i}; r = ${aw}f${i}(v${rest}); if (r !== undefined) { ${check(i)} v = r; }`),
        'return v;',
      ];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Closure fallbacks (no code generation allowed), and the parallel kinds, which are not worth
// generating: Promise.all dominates their cost.

/**
 * `f(...args)` without the spread for the usual arities: a spread call in a loop costs several
 * times a plain call (measured: the fallback went from 4.7x to about 1x the hand loop).
 */
function invoke(f: Impl, args: unknown[]): unknown {
  switch (args.length) {
    case 0:
      return f();
    case 1:
      return f(args[0]);
    case 2:
      return f(args[0], args[1]);
    case 3:
      return f(args[0], args[1], args[2]);
    default:
      return f(...args);
  }
}

function loopSync(kind: SerialKind, fns: Impl[], fail: Fail, tag: Tag, gather: boolean): SyncCaller {
  const n = fns.length;
  // One closure per kind, not one loop that branches on the kind: this is the path where nothing
  // inlines, and every branch per implementation shows. `i` is outside the `try` for `tag`.
  switch (kind) {
    case 'series':
      return (...args) => {
        const out = gather ? new Array(n) : undefined;
        let i = 0;
        try {
          for (; i < n; i++) {
            const r = invoke(fns[i]!, args);
            if (isThenable(r)) throw fail(i, r);
            if (out !== undefined) out[i] = r;
          }
        } catch (error) {
          throw tag(i, error);
        }
        return out;
      };
    case 'first':
      return (...args) => {
        let i = 0;
        try {
          for (; i < n; i++) {
            const r = invoke(fns[i]!, args);
            if (r !== undefined) {
              if (isThenable(r)) throw fail(i, r);
              return r;
            }
          }
        } catch (error) {
          throw tag(i, error);
        }
        return undefined;
      };
    case 'waterfall':
      return (...args) => {
        const threaded = args.length === 0 ? [undefined] : args;
        let i = 0;
        try {
          for (; i < n; i++) {
            const r = invoke(fns[i]!, threaded);
            if (r !== undefined) {
              if (isThenable(r)) throw fail(i, r);
              threaded[0] = r;
            }
          }
        } catch (error) {
          throw tag(i, error);
        }
        return threaded[0];
      };
  }
}

function loopAsync(kind: SerialKind, fns: Impl[], tag: Tag, gather: boolean): AsyncCaller {
  const n = fns.length;
  return async (...args) => {
    const threaded = args.length === 0 && kind === 'waterfall' ? [undefined] : args;
    const out = kind === 'series' && gather ? new Array(n) : undefined;
    let i = 0;
    try {
      for (; i < n; i++) {
        const r = await invoke(fns[i]!, threaded);
        if (kind === 'first' && r !== undefined) return r;
        if (kind === 'waterfall' && r !== undefined) threaded[0] = r;
        if (out !== undefined) out[i] = r;
      }
    } catch (error) {
      throw tag(i, error);
    }
    return kind === 'waterfall' ? threaded[0] : out;
  };
}

function parallel(fns: Impl[], tag: Tag, first: boolean): AsyncCaller {
  const n = fns.length;
  return (...args) => {
    // Not an async function over fns.map(): a synchronous throw from one implementation must
    // become a rejection of the call, and the others must still have been started.
    const running = new Array<Promise<unknown>>(n);
    for (let i = 0; i < n; i++) {
      try {
        running[i] = Promise.resolve(invoke(fns[i]!, args)).catch((error: unknown) => {
          throw tag(i, error);
        });
      } catch (error) {
        running[i] = Promise.reject(tag(i, error));
      }
    }
    return first ? firstAnswer(running) : Promise.all(running);
  };
}
