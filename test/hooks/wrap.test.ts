import { describe, expect, it } from 'vitest';
import { createHooks, SyncReturnedPromiseError, wrap, wrapAsync } from '../../src/hooks/index.js';

interface H {
  build(log: string[]): string;
  load(id: string): Promise<string | undefined>;
  transform(code: string): string;
}
/** Log `entry`, then give `result` (or, for a function such as next(), what it returns). */
function push<T>(log: string[], entry: string, result: T | (() => T)): T {
  log.push(entry);
  return typeof result === 'function' ? (result as () => T)() : result;
}
const make = () =>
  createHooks<H>()({ build: { kind: 'series' }, load: { kind: 'first' }, transform: { kind: 'waterfall' } });

describe('sync wrappers (wrap)', () => {
  it('run code before and after the rest of the chain, and see the arguments', () => {
    const hooks = make();
    hooks.register({ build: (log) => push(log, 'impl', 'r') }, { name: 'impl' });
    hooks.register(
      {
        build: wrap((next, log) => {
          log.push('before');
          const result = next();
          log.push(`after ${JSON.stringify(result)}`);
          return result;
        }),
      },
      { name: 'w' },
    );
    const log: string[] = [];
    expect(hooks.call('build', log)).toEqual(['r']);
    expect(log).toEqual(['before', 'impl', 'after ["r"]']);
  });

  it('can change the result', () => {
    const hooks = make();
    hooks.register({ transform: (code) => `${code}+impl` });
    hooks.register({ transform: wrap((next) => `[${next()}]`) });
    expect(hooks.call('transform', 'c')).toBe('[c+impl]');
  });

  it('can catch what the chain throws', () => {
    const hooks = make();
    hooks.register({
      build: () => {
        throw new Error('inner');
      },
    });
    hooks.register({
      build: wrap((next) => {
        try {
          return next();
        } catch (error) {
          return [`caught ${(error as Error).message}`];
        }
      }),
    });
    expect(hooks.call('build', [])).toEqual(['caught inner']);
  });

  it('can skip the chain by not calling next()', () => {
    const hooks = make();
    let ran = false;
    hooks.register({
      transform: () => {
        ran = true;
        return 'impl';
      },
    });
    hooks.register({ transform: wrap(() => 'short-circuit') });
    expect(hooks.call('transform', 'c')).toBe('short-circuit');
    expect(ran).toBe(false);
  });

  it('also work in callAsync(), where the chain inside them runs synchronously', async () => {
    const hooks = make();
    hooks.register({ transform: (code) => `${code}!` });
    const log: string[] = [];
    hooks.register({
      transform: wrap((next) => {
        log.push('before');
        const r = next();
        log.push(`after ${r}`);
        return r;
      }),
    });
    expect(await hooks.callAsync('transform', 'c')).toBe('c!');
    expect(log).toEqual(['before', 'after c!']);
  });

  it('report an async implementation inside them in callAsync() as sync-returned-promise', async () => {
    const hooks = make();
    hooks.register({ transform: (async (code: string) => code) as unknown as H['transform'] }, { name: 'async' });
    hooks.register({ transform: wrap((next) => next()) });
    await expect(hooks.callAsync('transform', 'c')).rejects.toMatchObject({
      code: 'sync-returned-promise',
      plugin: 'async',
    });
  });
});

describe('async wrappers (wrapAsync)', () => {
  it('await the rest of the chain, and can change the result', async () => {
    const hooks = make();
    const log: string[] = [];
    hooks.register({ load: async (id) => push(log, 'impl', `code of ${id}`) });
    hooks.register({
      load: wrapAsync(async (next, id) => {
        log.push(`before ${id}`);
        const result = await next();
        log.push('after');
        return result?.toUpperCase();
      }),
    });
    expect(await hooks.callAsync('load', 'x')).toBe('CODE OF X');
    expect(log).toEqual(['before x', 'impl', 'after']);
  });

  it('can catch a rejection of the chain', async () => {
    const hooks = make();
    hooks.register({ load: () => Promise.reject(new Error('nope')) });
    hooks.register({
      load: wrapAsync(async (next) => {
        try {
          return await next();
        } catch {
          return 'fallback';
        }
      }),
    });
    expect(await hooks.callAsync('load', 'x')).toBe('fallback');
  });

  it('nest with sync wrappers: an outer async wrapper around an inner sync one', async () => {
    const hooks = make();
    const log: string[] = [];
    hooks.register({ build: (l) => push(l, 'impl', 'r') });
    hooks.register({ build: wrap((next, l) => push(l, 'sync(', next).concat(['sync)'])) }, { name: 'inner' });
    hooks.register(
      { build: wrapAsync(async (next, l) => (await push(l, 'async(', next)).concat(['async)'])) },
      { name: 'outer', order: 'pre' },
    );
    expect(await hooks.callAsync('build', log)).toEqual(['r', 'sync)', 'async)']);
    expect(log).toEqual(['async(', 'sync(', 'impl']);
  });

  it('are refused by call() before they run, as sync-returned-promise', () => {
    const hooks = make();
    let ran = false;
    hooks.register(
      {
        build: wrapAsync(async (next) => {
          ran = true;
          return next();
        }),
      },
      { name: 'aw' },
    );
    let error: unknown;
    try {
      hooks.call('build', []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyncReturnedPromiseError);
    expect(error).toMatchObject({ code: 'sync-returned-promise', plugin: 'aw', hook: 'build' });
    expect(ran).toBe(false);
  });
});

describe('wrap()', () => {
  it('refuses a non-function', () => {
    expect(() => wrap('x' as never)).toThrow(TypeError);
    expect(() => wrapAsync(null as never)).toThrow(TypeError);
  });

  it('does not change the function it marks', () => {
    const fn = (next: () => string) => next();
    wrap(fn);
    const hooks = make();
    hooks.register({ transform: fn as unknown as H['transform'] });
    // Registered as a plain implementation: called with the hook's own arguments.
    expect(() => hooks.call('transform', 'c')).toThrow(TypeError);
  });
});
