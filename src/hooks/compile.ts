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
import { discard, isThenable } from './thenable.js';
import { ParallelSyncCallError, SyncReturnedPromiseError } from './errors.js';
import type { HookState } from './spec.js';
import type { HookKind } from './types.js';

type Impl = (...args: unknown[]) => unknown;
type SyncCaller = (...args: unknown[]) => unknown;
type AsyncCaller = (...args: unknown[]) => Promise<unknown>;
type Fail = (index: number, value: PromiseLike<unknown>) => Error;

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
  if (kind === 'parallel') {
    return () => {
      throw new ParallelSyncCallError({ hook });
    };
  }
  const impls = state.plain;
  const fns = impls.map((i) => i.fn as Impl);
  const fail: Fail = (index, value) => {
    discard(value);
    return new SyncReturnedPromiseError({ plugin: impls[index]!.plugin, hook });
  };
  if (!canGenerate()) return loopSync(kind, fns, fail, state.results);
  return perArity<SyncCaller>(
    arity,
    (n, other) => generate(kind, 'sync', fns.length, n, state.results)(fns, fail, other) as SyncCaller,
  );
}

/** Build the asynchronous caller of `state` for its current implementations; see `compileSync`. */
export function compileAsync(state: HookState, arity: number): AsyncCaller {
  const { kind } = state;
  const fns = state.plain.map((i) => i.fn as Impl);
  if (kind === 'parallel') return parallel(fns);
  if (!canGenerate()) return loopAsync(kind, fns, state.results);
  return perArity<AsyncCaller>(
    arity,
    (n, other) => generate(kind, 'async', fns.length, n, state.results)(fns, undefined, other) as AsyncCaller,
  );
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

type Factory = (fns: Impl[], fail: Fail | undefined, other: Function) => Function;

/**
 * Source of the caller for `count` implementations called with `arity` arguments. `gather` is
 * false for a `series` declared `results: false`: without the result array, nothing is allocated
 * per call and V8 can inline the whole chain (tapable's SyncHook does the same work).
 */
function generate(
  kind: Exclude<HookKind, 'parallel'>,
  mode: 'sync' | 'async',
  count: number,
  arity: number,
  gather: boolean,
): Factory {
  const indexes = Array.from({ length: count }, (_, i) => i);
  // A waterfall threads its first argument, so it always has one (undefined if not passed).
  const params = Array.from({ length: kind === 'waterfall' ? Math.max(arity, 1) : arity }, (_, i) => `a${i}`);
  const declared = params.slice(0, arity).join(', ');
  const head = [
    `'use strict';`,
    ...indexes.map((i) => `const f${i} = f[${i}];`),
    // Real parameters, not an array: hooks.call() forwards its rest arguments with a spread,
    // which V8 can turn into a direct call without allocating the array. The arity check reads
    // `arguments.length` in a plain function: an async function that mentions `arguments` must
    // materialise it on every call, as its frame may be suspended.
    ...(mode === 'async'
      ? [
          `const run = async function (${declared}) {`,
          ...(arity === 0 && kind === 'waterfall' ? ['const a0 = undefined;'] : []),
        ]
      : [
          `return function (${declared}) {`,
          `if (arguments.length !== ${arity}) return other.apply(undefined, arguments);`,
          ...(arity === 0 && kind === 'waterfall' ? ['const a0 = undefined;'] : []),
        ]),
  ];
  const tail =
    mode === 'async'
      ? [
          '};',
          `return function (${declared}) {`,
          `return arguments.length === ${arity} ? run(${declared}) : other.apply(undefined, arguments);`,
          '};',
        ]
      : ['};'];
  const aw = mode === 'async' ? 'await ' : '';
  // Only a sync call must refuse promises; the check is inlined because it runs per implementation.
  const check = (i: number): string =>
    mode === 'sync'
      ? `if (((typeof r === 'object' && r !== null) || typeof r === 'function') && typeof r.then === 'function') throw fail(${i}, r);`
      : '';
  const list = params.join(', ');
  let body: string[];
  switch (kind) {
    case 'series':
      // Each result is checked before the next implementation runs, as in the closure path.
      if (!gather) {
        body =
          mode === 'sync'
            ? ['let r;', ...indexes.map((i) => `r = f${i}(${list}); ${check(i)}`)]
            : indexes.map((i) => `await f${i}(${list});`);
        body.push('return undefined;');
        break;
      }
      body =
        mode === 'sync'
          ? ['let r;', ...indexes.map((i) => `r = f${i}(${list}); ${check(i)} const r${i} = r;`)]
          : indexes.map((i) => `const r${i} = await f${i}(${list});`);
      body.push(`return [${indexes.map((i) => `r${i}`).join(', ')}];`);
      break;
    case 'first':
      body = [
        'let r;',
        ...indexes.map((i) => `r = ${aw}f${i}(${list}); if (r !== undefined) { ${check(i)} return r; }`),
        'return undefined;',
      ];
      break;
    case 'waterfall': {
      const rest = params
        .slice(1)
        .map((p) => `, ${p}`)
        .join('');
      body = [
        'let r, v = a0;',
        ...indexes.map((i) => `r = ${aw}f${i}(v${rest}); if (r !== undefined) { ${check(i)} v = r; }`),
        'return v;',
      ];
      break;
    }
  }
  // A serial number makes each source unique. V8 caches `new Function` by source text, and callers
  // built from the same text would share their call sites' type feedback: two hooks with the same
  // kind, count and arity would each see the other's implementations, and neither could inline.
  const source = [`// caller ${++serial}`, ...head, ...body, ...tail].join('\n');
  return new Function('f', 'fail', 'other', source) as Factory;
}

// ---------------------------------------------------------------------------------------------
// Closure fallbacks (no code generation allowed), and `parallel`, which is not worth generating:
// Promise.all dominates its cost.

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

function loopSync(kind: Exclude<HookKind, 'parallel'>, fns: Impl[], fail: Fail, gather: boolean): SyncCaller {
  const n = fns.length;
  switch (kind) {
    case 'series':
      return (...args) => {
        const out = gather ? new Array(n) : undefined;
        for (let i = 0; i < n; i++) {
          const r = invoke(fns[i]!, args);
          if (isThenable(r)) throw fail(i, r);
          if (out !== undefined) out[i] = r;
        }
        return out;
      };
    case 'first':
      return (...args) => {
        for (let i = 0; i < n; i++) {
          const r = invoke(fns[i]!, args);
          if (r !== undefined) {
            if (isThenable(r)) throw fail(i, r);
            return r;
          }
        }
        return undefined;
      };
    case 'waterfall':
      return (...args) => {
        const threaded = args.length === 0 ? [undefined] : args;
        for (let i = 0; i < n; i++) {
          const r = invoke(fns[i]!, threaded);
          if (r !== undefined) {
            if (isThenable(r)) throw fail(i, r);
            threaded[0] = r;
          }
        }
        return threaded[0];
      };
  }
}

function loopAsync(kind: Exclude<HookKind, 'parallel'>, fns: Impl[], gather: boolean): AsyncCaller {
  const n = fns.length;
  switch (kind) {
    case 'series':
      return async (...args) => {
        const out = gather ? new Array(n) : undefined;
        for (let i = 0; i < n; i++) {
          const r = await invoke(fns[i]!, args);
          if (out !== undefined) out[i] = r;
        }
        return out;
      };
    case 'first':
      return async (...args) => {
        for (let i = 0; i < n; i++) {
          const r = await invoke(fns[i]!, args);
          if (r !== undefined) return r;
        }
        return undefined;
      };
    case 'waterfall':
      return async (...args) => {
        const threaded = args.length === 0 ? [undefined] : args;
        for (let i = 0; i < n; i++) {
          const r = await invoke(fns[i]!, threaded);
          if (r !== undefined) threaded[0] = r;
        }
        return threaded[0];
      };
  }
}

function parallel(fns: Impl[]): AsyncCaller {
  const n = fns.length;
  return (...args) => {
    // Not an async function over fns.map(): a synchronous throw from one implementation must
    // become a rejection of the call, and the others must still have been started.
    const running = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      try {
        running[i] = invoke(fns[i]!, args);
      } catch (error) {
        running[i] = Promise.reject(error);
      }
    }
    return Promise.all(running);
  };
}
