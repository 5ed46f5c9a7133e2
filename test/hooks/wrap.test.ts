import { describe, expect, it } from 'vitest';
import { createHooks, type HookCallInfo, SyncReturnedPromiseError, wrap, wrapAsync } from '../../src/hooks/index.js';

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

  it('name themselves in that error, instead of advising callAsync() to a callAsync()', async () => {
    const hooks = make();
    hooks.register({ transform: (async (code: string) => code) as unknown as H['transform'] }, { name: 'async' });
    hooks.register({ transform: wrap((next) => next()) }, { name: 'timer' });
    const error = await hooks.callAsync('transform', 'c').catch((e: unknown) => e);
    expect((error as Error).message).toContain("inside the synchronous wrapper of plugin 'timer'");
    expect((error as Error).message).toContain('wrapAsync()');
    // In call() the usual advice stands.
    expect(() => hooks.call('transform', 'c')).toThrow(/during a synchronous call\(\); use callAsync\(\)/);
  });

  it('are refused by register() on a parallel hook, which only runs asynchronously', () => {
    const hooks = createHooks<{ init(n: number): Promise<number> }>()({ init: { kind: 'parallel' } });
    expect(() => hooks.register({ init: wrap((next) => next()) } as never, { name: 'sw' })).toThrow(
      expect.objectContaining({
        code: 'invalid-plugin',
        plugin: 'sw',
        message: expect.stringContaining('use wrapAsync()'),
      }),
    );
    expect(hooks.plugins('init')).toEqual([]);
    hooks.register({ init: wrapAsync((next) => next()) }, { name: 'aw' });
    expect(hooks.plugins('init')).toEqual(['aw']);
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

interface Args {
  /** series */
  tags(prefix: string, n: number): string;
  /** first */
  pick(id: string): string | undefined;
  /** waterfall */
  shape(code: string, suffix: string): string;
}
const makeArgs = () =>
  createHooks<Args>()({ tags: { kind: 'series' }, pick: { kind: 'first' }, shape: { kind: 'waterfall' } });
/** Plain implementations that show the arguments they received. */
function plain(hooks: ReturnType<typeof makeArgs>): void {
  hooks.register({ tags: (p, n) => `${p}${n}`, pick: () => undefined, shape: (c, s) => `${c}${s}` }, { name: 'a' });
  hooks.register(
    { tags: (p, n) => `${p}${n * 10}`, pick: (id) => `picked ${id}`, shape: (c, s) => `${c}|${s}` },
    { name: 'b' },
  );
}

describe('next(...args): wrappers replacing the arguments', () => {
  for (const mode of ['sync', 'async'] as const) {
    const call = async (hooks: ReturnType<typeof makeArgs>, name: keyof Args, ...args: [string, ...unknown[]]) =>
      mode === 'sync'
        ? (hooks.call as (n: string, ...a: unknown[]) => unknown)(name, ...args)
        : await (hooks.callAsync as (n: string, ...a: unknown[]) => Promise<unknown>)(name, ...args);

    describe(`with wrap(), in ${mode === 'sync' ? 'call()' : 'callAsync()'}`, () => {
      it('series: every implementation gets the new arguments', async () => {
        const hooks = makeArgs();
        plain(hooks);
        hooks.register({ tags: wrap((next, prefix, n) => next(prefix.toUpperCase(), n + 1)) });
        expect(await call(hooks, 'tags', 'x', 1)).toEqual(['X2', 'X20']);
      });

      it('first: the implementations are asked with the new arguments', async () => {
        const hooks = makeArgs();
        plain(hooks);
        hooks.register({ pick: wrap((next, id) => next(`${id}.js`)) });
        expect(await call(hooks, 'pick', 'a')).toBe('picked a.js');
      });

      it('waterfall: the value is threaded from the new first argument, the others replaced too', async () => {
        const hooks = makeArgs();
        plain(hooks);
        hooks.register({ shape: wrap((next, code) => next(`<${code}>`, '!')) });
        expect(await call(hooks, 'shape', 'c', '?')).toBe('<c>!|!');
      });

      it('next() with no arguments still passes the current ones', async () => {
        const hooks = makeArgs();
        plain(hooks);
        hooks.register({ tags: wrap((next) => next()) });
        expect(await call(hooks, 'tags', 'x', 1)).toEqual(['x1', 'x10']);
      });
    });
  }

  describe('with wrapAsync(), in callAsync()', () => {
    it('series, first and waterfall get the new arguments', async () => {
      const hooks = makeArgs();
      plain(hooks);
      hooks.register({
        tags: wrapAsync(async (next, prefix, n) => next(`${prefix}-`, n * 2)),
        pick: wrapAsync((next, id) => next(id.trim())),
        shape: wrapAsync(async (next, code, suffix) => (await next(code.repeat(2), suffix)).toUpperCase()),
      });
      expect(await hooks.callAsync('tags', 'x', 1)).toEqual(['x-2', 'x-20']);
      expect(await hooks.callAsync('pick', '  id  ')).toBe('picked id');
      expect(await hooks.callAsync('shape', 'c', '.')).toBe('CC.|.');
    });

    it('await an async implementation with the new arguments', async () => {
      const hooks = makeArgs();
      hooks.register({ pick: (async (id: string) => `async ${id}`) as unknown as Args['pick'] });
      hooks.register({ pick: wrapAsync((next, id) => next(`${id}!`)) });
      expect(await hooks.callAsync('pick', 'q')).toBe('async q!');
    });
  });

  it('nested wrappers: the inner one receives the outer one’s arguments, and passes them on with next()', async () => {
    for (const mode of ['sync', 'async'] as const) {
      const hooks = makeArgs();
      plain(hooks);
      const innerSaw: unknown[] = [];
      hooks.register(
        {
          tags: wrap((next, prefix, n) => {
            innerSaw.push([prefix, n]);
            return next();
          }),
        },
        { name: 'inner' },
      );
      const outer = (next: (...a: [] | [string, number]) => unknown, _p: string, n: number) => next('outer:', n + 5);
      hooks.register(
        { tags: mode === 'sync' ? wrap(outer as never) : wrapAsync(outer as never) },
        { name: 'outer', order: 'pre' },
      );
      const result = mode === 'sync' ? hooks.call('tags', 'x', 0) : await hooks.callAsync('tags', 'x', 0);
      expect(result).toEqual(['outer:5', 'outer:50']);
      expect(innerSaw).toEqual([['outer:', 5]]);
    }
  });

  it('monitors see the arguments each implementation actually received', async () => {
    const hooks = makeArgs();
    plain(hooks);
    hooks.register({ shape: wrap((next, code) => next(code.toUpperCase(), '+')) }, { name: 'w' });
    const seen: HookCallInfo[] = [];
    hooks.monitor({ before: (info) => seen.push(info) });
    expect(hooks.call('shape', 'c', '-')).toBe('C+|+');
    expect(seen.map((i) => [i.plugin, i.args.slice(i.wrapper ? 1 : 0)])).toEqual([
      ['w', ['c', '-']],
      ['a', ['C', '+']],
      ['b', ['C+', '+']],
    ]);
    seen.length = 0;
    expect(await hooks.callAsync('shape', 'd', '-')).toBe('D+|+');
    expect(seen.map((i) => i.args.slice(i.wrapper ? 1 : 0))).toEqual([
      ['d', '-'],
      ['D', '+'],
      ['D+', '+'],
    ]);
  });

  it('runs the chain once: a second next() returns the first result, or throws the first error', () => {
    const runs: string[] = [];
    const picker = (id: string) => {
      runs.push(id);
      if (id === 'bad') throw new Error(`no ${id}`);
      return id;
    };
    const hooks = makeArgs();
    hooks.register({ pick: picker });
    hooks.register({ pick: wrap((next, id): string | undefined => `${next(`${id}1`)} ${next(`${id}2`)} ${next()}`) });
    expect(hooks.call('pick', 'p')).toBe('p1 p1 p1');
    expect(runs).toEqual(['p1']);

    const failing = makeArgs();
    failing.register({ pick: picker });
    const errors: string[] = [];
    failing.register({
      // The wrapper's result type is annotated as the hook's: `wrap` infers it from what the
      // wrapper returns, and a narrower one (plain `string` here) does not fit a `first` hook.
      pick: wrap((next): string | undefined => {
        for (const id of ['bad', 'good']) {
          try {
            next(id);
          } catch (error) {
            errors.push((error as Error).message);
          }
        }
        return 'recovered';
      }),
    });
    runs.length = 0;
    expect(failing.call('pick', 'q')).toBe('recovered');
    expect(errors).toEqual(['no bad', 'no bad']);
    expect(runs).toEqual(['bad']);
  });

  it("under 'collect', a wrapper failing after next(...args) leaves the result of the chain with those arguments", async () => {
    const hooks = makeArgs();
    plain(hooks);
    hooks.register(
      {
        pick: wrap((next) => {
          next('changed');
          throw new Error('wrapper failed late');
        }),
        shape: wrap((): string => {
          throw new Error('wrapper failed early');
        }),
      },
      { name: 'w' },
    );
    const collect = hooks.with({ errors: 'collect' });
    expect(collect.call('pick', 'orig')).toMatchObject({ result: 'picked changed', errors: [{ plugin: 'w' }] });
    expect(collect.call('shape', 'c', '.')).toMatchObject({ result: 'c.|.', errors: [{ plugin: 'w' }] });
    expect(await collect.callAsync('pick', 'orig')).toMatchObject({ result: 'picked changed' });
  });
});
