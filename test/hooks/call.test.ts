// Every kind, called synchronously and asynchronously, on each of the three ways a call can run:
// generated callers, the closure fallback (no `new Function`, as under a strict CSP), and the
// general path (taken here because a monitor is subscribed).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCodegen } from '../../src/hooks/compile.js';
import { callPaths, onPath } from './paths.js';
import {
  createHooks,
  ParallelSyncCallError,
  SyncReturnedPromiseError,
  UnknownHookError,
} from '../../src/hooks/index.js';

interface H {
  // Either: these tests also feed async implementations to callAsync().
  series(x: number): number | Promise<number>;
  first(x: number): number | null | undefined;
  waterfall(value: string, suffix: string): string;
  parallel(x: number): Promise<number>;
  none(): string;
}

const spec = {
  series: { kind: 'series' },
  first: { kind: 'first' },
  waterfall: { kind: 'waterfall' },
  parallel: { kind: 'parallel' },
  none: { kind: 'series' },
} as const;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe.each(callPaths)('calls on the %s path', (path) => {
  const onThisPath = onPath(path);
  const make = () => onThisPath(createHooks<H>()(spec));

  describe('series', () => {
    it('returns every result, in order, synchronously', () => {
      const hooks = make();
      hooks.register({ series: (x) => x + 1 });
      hooks.register({ series: (x) => x * 10 });
      expect(hooks.call('series', 2)).toEqual([3, 20]);
    });

    it('returns an empty array when nothing is registered', async () => {
      const hooks = make();
      expect(hooks.call('series', 1)).toEqual([]);
      expect(await hooks.callAsync('series', 1)).toEqual([]);
    });

    it('awaits each implementation before starting the next', async () => {
      const hooks = make();
      const log: string[] = [];
      hooks.register({
        series: async (x) => {
          log.push('a start');
          await tick();
          log.push('a end');
          return x + 1;
        },
      });
      hooks.register({
        series: (x) => {
          log.push('b');
          return x + 2;
        },
      });
      expect(await hooks.callAsync('series', 1)).toEqual([2, 3]);
      expect(log).toEqual(['a start', 'a end', 'b']);
    });

    it('supports calls with no arguments', async () => {
      const hooks = make();
      hooks.register({ none: () => 'x' });
      expect(hooks.call('none')).toEqual(['x']);
      expect(await hooks.callAsync('none')).toEqual(['x']);
    });

    it('passes however many arguments a call has, even when it changes between calls', () => {
      const hooks = make();
      const seen: unknown[][] = [];
      hooks.register({ series: (...args: unknown[]) => seen.push(args) });
      hooks.call('series', 1);
      (hooks.call as (name: string, ...args: unknown[]) => unknown)('series', 1, 2, 3);
      (hooks.call as (name: string, ...args: unknown[]) => unknown)('series');
      hooks.call('series', 4);
      expect(seen).toEqual([[1], [1, 2, 3], [], [4]]);
    });

    it('calls each implementation with its plugin object as `this`', async () => {
      const hooks = make();
      // `offset` sits on the prototype: own properties that are not hooks would be unknown hooks.
      const plugin = Object.assign(Object.create({ offset: 100 }), {
        series(this: { offset: number }, x: number) {
          return x + this.offset;
        },
        waterfall(this: { offset: number }, value: string) {
          return `${value}${this.offset}`;
        },
      });
      hooks.register(plugin as unknown as Partial<H>);
      expect(hooks.call('series', 1)).toEqual([101]);
      expect(await hooks.callAsync('series', 2)).toEqual([102]);
      expect(hooks.call('waterfall', 'v', '')).toBe('v100');
      expect(await hooks.with({ errors: 'collect' }).callAsync('series', 3)).toEqual({ result: [103], errors: [] });
    });

    it('does so asynchronously too', async () => {
      const hooks = make();
      const seen: unknown[][] = [];
      hooks.register({ series: (...args: unknown[]) => seen.push(args) });
      const callAsync = hooks.callAsync as (name: string, ...args: unknown[]) => Promise<unknown>;
      await callAsync('series', 1, 2);
      await callAsync('series', 1);
      await callAsync('series', 1, 2);
      expect(seen).toEqual([[1, 2], [1], [1, 2]]);
    });
  });

  describe('first', () => {
    it('stops at the first result that is not undefined', () => {
      const hooks = make();
      const called: string[] = [];
      hooks.register({ first: () => void called.push('a') });
      hooks.register({
        first: () => {
          called.push('b');
          return null;
        },
      });
      hooks.register({
        first: () => {
          called.push('c');
          return 3;
        },
      });
      expect(hooks.call('first', 0)).toBe(null);
      expect(called).toEqual(['a', 'b']);
    });

    it('returns undefined when every implementation does', async () => {
      const hooks = make();
      hooks.register({ first: () => undefined });
      expect(hooks.call('first', 1)).toBeUndefined();
      expect(await hooks.callAsync('first', 1)).toBeUndefined();
    });

    it('awaits each result before deciding, asynchronously', async () => {
      const hooks = make();
      const called: string[] = [];
      hooks.register({ first: (async () => void called.push('a')) as unknown as H['first'] });
      const doubled = async (x: number) => {
        called.push('b');
        return x * 2;
      };
      hooks.register({ first: doubled as unknown as H['first'] });
      hooks.register({
        first: () => {
          called.push('c');
          return 1;
        },
      });
      expect(await hooks.callAsync('first', 21)).toBe(42);
      expect(called).toEqual(['a', 'b']);
    });
  });

  describe('waterfall', () => {
    it('threads the first argument and passes the others unchanged', () => {
      const hooks = make();
      hooks.register({ waterfall: (value, suffix) => `${value}${suffix}1` });
      hooks.register({ waterfall: (value, suffix) => `${value}${suffix}2` });
      expect(hooks.call('waterfall', 'v', '-')).toBe('v-1-2');
    });

    it('keeps the value when an implementation returns undefined', async () => {
      const hooks = make();
      hooks.register({ waterfall: () => undefined as unknown as string });
      hooks.register({ waterfall: (value) => `${value}!` });
      expect(hooks.call('waterfall', 'v', '')).toBe('v!');
      expect(await hooks.callAsync('waterfall', 'v', '')).toBe('v!');
    });

    it('returns the first argument when nothing is registered', () => {
      expect(make().call('waterfall', 'v', '')).toBe('v');
    });

    it('awaits each step asynchronously', async () => {
      const hooks = make();
      hooks.register({ waterfall: (async (value: string) => `${value}a`) as unknown as H['waterfall'] });
      hooks.register({ waterfall: (value) => `${value}b` });
      expect(await hooks.callAsync('waterfall', 'v', '')).toBe('vab');
    });
  });

  describe('parallel', () => {
    it('starts every implementation before any settles, and keeps registration order', async () => {
      const hooks = make();
      let started = 0;
      const release: (() => void)[] = [];
      const impl = (n: number) => async () => {
        started++;
        await new Promise<void>((resolve) => release.push(resolve));
        return n;
      };
      hooks.register({ parallel: impl(1) });
      hooks.register({ parallel: impl(2) });
      const pending = hooks.callAsync('parallel', 0);
      await tick();
      expect(started).toBe(2);
      for (const r of release.reverse()) r();
      expect(await pending).toEqual([1, 2]);
    });

    it('turns a synchronous throw into a rejection, after starting the others', async () => {
      const hooks = make();
      let laterRan = false;
      hooks.register({
        parallel: () => {
          throw new Error('boom');
        },
      });
      hooks.register({
        parallel: async () => {
          laterRan = true;
          return 1;
        },
      });
      await expect(hooks.callAsync('parallel', 0)).rejects.toThrow('boom');
      expect(laterRan).toBe(true);
    });

    it('refuses a synchronous call with a coded error', () => {
      const hooks = make();
      const call = hooks.call as (name: string, ...args: unknown[]) => unknown;
      const error = catchError(() => call('parallel', 1));
      expect(error).toBeInstanceOf(ParallelSyncCallError);
      expect(error).toMatchObject({ code: 'parallel-sync-call', hook: 'parallel' });
    });
  });

  describe('errors', () => {
    it('reports an implementation returning a promise to call(), and stops there', () => {
      const hooks = make();
      let laterRan = false;
      hooks.register({ series: (() => Promise.reject(new Error('x'))) as unknown as H['series'] }, { name: 'lazy' });
      hooks.register({
        series: () => {
          laterRan = true;
          return 1;
        },
      });
      const error = catchError(() => hooks.call('series', 1));
      expect(error).toBeInstanceOf(SyncReturnedPromiseError);
      expect(error).toMatchObject({ code: 'sync-returned-promise', plugin: 'lazy', hook: 'series' });
      expect(laterRan).toBe(false);
    });

    it('checks first and waterfall results for promises too', () => {
      const hooks = make();
      hooks.register({
        first: (() => Promise.resolve(1)) as unknown as H['first'],
        waterfall: (() => Promise.resolve('x')) as unknown as H['waterfall'],
      });
      expect(catchError(() => hooks.call('first', 1))).toMatchObject({ code: 'sync-returned-promise' });
      expect(catchError(() => hooks.call('waterfall', 'v', ''))).toMatchObject({ code: 'sync-returned-promise' });
    });

    it('rethrows an implementation error unchanged, and runs nothing after it', async () => {
      const hooks = make();
      const boom = new Error('boom');
      let laterRan = false;
      hooks.register({
        series: () => {
          throw boom;
        },
      });
      hooks.register({
        series: () => {
          laterRan = true;
          return 1;
        },
      });
      expect(catchError(() => hooks.call('series', 1))).toBe(boom);
      await expect(hooks.callAsync('series', 1)).rejects.toBe(boom);
      expect(laterRan).toBe(false);
    });

    it('rejects rather than throws from callAsync()', async () => {
      const hooks = make();
      hooks.register({
        series: () => {
          throw new Error('sync throw');
        },
      });
      const pending = hooks.callAsync('series', 1);
      expect(pending).toBeInstanceOf(Promise);
      await expect(pending).rejects.toThrow('sync throw');
    });
  });
});

describe('where code generation is forbidden', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCodegen(undefined);
  });

  it('falls back to closures without failing (as under a CSP without unsafe-eval)', async () => {
    vi.stubGlobal('Function', function Forbidden() {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    setCodegen(undefined); // probe again, now that `new Function` throws
    const hooks = createHooks<H>()(spec);
    hooks.register({ series: (x) => x + 1, waterfall: (v, s) => v + s });
    expect(hooks.call('series', 1)).toEqual([2]);
    expect(await hooks.callAsync('waterfall', 'a', 'b')).toBe('ab');
  });
});

describe('calling an unknown hook', () => {
  it('throws from call() and rejects from callAsync(), with the hook name', async () => {
    const hooks = createHooks<H>()(spec) as unknown as {
      call(name: string): unknown;
      callAsync(name: string): Promise<unknown>;
    };
    const error = catchError(() => hooks.call('nope'));
    expect(error).toBeInstanceOf(UnknownHookError);
    expect(error).toMatchObject({ code: 'unknown-hook', hook: 'nope', plugin: undefined });
    await expect(hooks.callAsync('nope')).rejects.toMatchObject({ code: 'unknown-hook' });
  });

  it('does not find hooks on Object.prototype', () => {
    const hooks = createHooks<H>()(spec) as unknown as { call(name: string): unknown };
    expect(catchError(() => hooks.call('toString'))).toMatchObject({ code: 'unknown-hook' });
    expect(catchError(() => hooks.call('__proto__'))).toMatchObject({ code: 'unknown-hook' });
  });
});

describe('changing plugins during a call', () => {
  it('does not affect the running call (sync)', () => {
    const hooks = createHooks<H>()(spec);
    let undo: () => void = () => {};
    hooks.register({
      series: () => {
        hooks.register({ series: () => 99 });
        undo();
        return 1;
      },
    });
    undo = hooks.register({ series: () => 2 });
    expect(hooks.call('series', 0)).toEqual([1, 2]);
    expect(hooks.call('series', 0)).toEqual([1, 99]);
  });

  it('does not affect the running call (async)', async () => {
    const hooks = createHooks<H>()(spec);
    let undo: () => void = () => {};
    hooks.register({
      series: async () => {
        await tick();
        hooks.register({ series: () => 99 });
        undo();
        return 1;
      },
    });
    undo = hooks.register({ series: () => 2 });
    expect(await hooks.callAsync('series', 0)).toEqual([1, 2]);
    expect(await hooks.callAsync('series', 0)).toEqual([1, 99]);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
