import { describe, expect, it } from 'vitest';
import {
  createHooks,
  HookCallError,
  InvalidHookSpecError,
  UnknownHookError,
  wrap,
  wrapAsync,
} from '../../src/hooks/index.js';

interface App {
  name: string;
}
interface H {
  configure(app: App, round: number): void;
  init(app: App): Promise<void>;
  plain(app: App): void;
}
const make = () =>
  createHooks<H>()({
    configure: { kind: 'series', historic: true },
    init: { kind: 'parallel', historic: true },
    plain: { kind: 'series' },
  });

describe('historic hooks', () => {
  it('do not remember a call() of a parallel hook, which is refused before anything runs', async () => {
    const hooks = make();
    let wrapped = 0;
    hooks.register(
      {
        init: wrapAsync(async (next) => {
          wrapped++;
          return next();
        }),
      },
      { name: 'w' },
    );
    expect(() => (hooks as unknown as { call(name: string, app: App): void }).call('init', { name: 'x' })).toThrow(
      expect.objectContaining({ code: 'parallel-sync-call' }),
    );
    const collecting = hooks.with({ errors: 'collect' }) as unknown as { call(name: string, app: App): void };
    expect(() => collecting.call('init', { name: 'x' })).toThrow(
      expect.objectContaining({ code: 'parallel-sync-call' }),
    );
    expect(wrapped).toBe(0);
    // A plugin registered now has nothing to be replayed with: the refused calls never ran.
    const seen: string[] = [];
    const undo = hooks.register({ init: async (app) => void seen.push(app.name) }, { name: 'late' });
    await undo.ready;
    expect(seen).toEqual([]);
    await hooks.callAsync('init', { name: 'y' });
    expect(seen).toEqual(['y']);
  });

  it('call a later plugin with every earlier call, in order', () => {
    const hooks = make();
    const app = { name: 'app' };
    const early: unknown[] = [];
    hooks.register({ configure: (a, round) => void early.push([a.name, round]) });
    hooks.call('configure', app, 1);
    hooks.call('configure', app, 2);
    const late: unknown[] = [];
    hooks.register({ configure: (a, round) => void late.push([a.name, round]) });
    expect(late).toEqual([
      ['app', 1],
      ['app', 2],
    ]);
    expect(early).toHaveLength(2);
    hooks.call('configure', app, 3);
    expect(late).toHaveLength(3);
    expect(early).toHaveLength(3);
  });

  it('replay calls made with callAsync(), and expose when they are done as `ready`', async () => {
    const hooks = make();
    await hooks.callAsync('init', { name: 'a' });
    await hooks.callAsync('init', { name: 'b' });
    const seen: string[] = [];
    const undo = hooks.register({
      init: async (app) => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(app.name);
      },
    });
    await undo.ready;
    expect(seen).toEqual(['a', 'b']);
  });

  it('throw a failing synchronous replay from register(), leaving the plugin unregistered', () => {
    const hooks = make();
    hooks.call('configure', { name: 'app' }, 1);
    let error: unknown;
    try {
      hooks.register(
        {
          configure: () => {
            throw new Error('late failure');
          },
        },
        { name: 'late' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HookCallError);
    expect(error).toMatchObject({ code: 'hook-call-failed', plugin: 'late', hook: 'configure' });
    expect((error as Error).cause).toEqual(new Error('late failure'));
    expect(hooks.plugins('configure')).toEqual([]);
  });

  it('reject `ready` when an asynchronous replay fails', async () => {
    const hooks = make();
    await hooks.callAsync('init', { name: 'app' });
    const undo = hooks.register({ init: () => Promise.reject(new Error('async failure')) }, { name: 'late' });
    await expect(undo.ready).rejects.toMatchObject({ code: 'hook-call-failed', plugin: 'late', hook: 'init' });
  });

  it('replay a plugin registered during a call with that call, exactly once', () => {
    const hooks = make();
    const late: number[] = [];
    hooks.register({
      configure: (_app, round) => {
        if (round === 1) hooks.register({ configure: (_a, r) => void late.push(r) });
      },
    });
    hooks.call('configure', { name: 'app' }, 1);
    expect(late).toEqual([1]);
  });

  it('do not replay wrappers', () => {
    const hooks = make();
    hooks.call('configure', { name: 'app' }, 1);
    let ran = false;
    hooks.register({
      configure: wrap((next) => {
        ran = true;
        return next();
      }),
    });
    expect(ran).toBe(false);
  });

  it('are opt-in: other hooks remember nothing', () => {
    const hooks = make();
    hooks.call('plain', { name: 'app' });
    let ran = false;
    const undo = hooks.register({
      plain: () => {
        ran = true;
      },
    });
    expect(ran).toBe(false);
    return expect(undo.ready).resolves.toBeUndefined();
  });

  it('replay a mix of call() and callAsync() in call order (regression: sync ones jumped ahead)', async () => {
    const hooks = createHooks<{ s(x: string): void | Promise<void> }>()({ s: { kind: 'series', historic: true } });
    await hooks.callAsync('s', 'a1');
    await hooks.callAsync('s', 'a2');
    hooks.call('s', 's1');
    const seen: string[] = [];
    const undo = hooks.register({ s: (x) => void seen.push(x) });
    await undo.ready;
    expect(seen).toEqual(['a1', 'a2', 's1']);
  });

  it('stop replaying once a failed replay undid the registration, and never leave an unhandled rejection', async () => {
    const hooks = createHooks<{ a(x: number): Promise<void>; b(x: number): void }>()({
      a: { kind: 'series', historic: true },
      b: { kind: 'series', historic: true },
    });
    await hooks.callAsync('a', 1);
    await hooks.callAsync('a', 2);
    hooks.call('b', 3);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const seen: number[] = [];
    try {
      expect(() =>
        hooks.register(
          {
            a: async (x) => {
              seen.push(x);
              throw new Error('a fails');
            },
            b: () => {
              throw new Error('b fails');
            },
          },
          { name: 'late' },
        ),
      ).toThrow(HookCallError);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(hooks.plugins('a')).toEqual([]);
    // The replay of call 1 had started before b's failure undid the registration; call 2's did not run.
    expect(seen).toEqual([1]);
    expect(unhandled).toEqual([]);
  });

  it('remember calls made through hooks.with() too', () => {
    const hooks = make();
    hooks.with({ errors: 'collect' }).call('configure', { name: 'app' }, 7);
    const late: number[] = [];
    hooks.register({ configure: (_a, r) => void late.push(r) });
    expect(late).toEqual([7]);
  });
});

interface Bounded {
  configure(round: number): void;
  init(round: number): Promise<void>;
  plain(round: number): void;
}
const bounded = (limit: number) =>
  createHooks<Bounded>()({
    configure: { kind: 'series', historic: { limit } },
    init: { kind: 'series', historic: { limit } },
    plain: { kind: 'series' },
  });
/** Register a plugin that logs every round it is called with, and return the log. */
function listen(hooks: ReturnType<typeof bounded>, hook: 'configure' | 'plain'): number[] {
  const seen: number[] = [];
  hooks.register({ [hook]: (round: number) => void seen.push(round) });
  return seen;
}

describe('historic: { limit }', () => {
  it('keeps only the newest `limit` calls, dropping the oldest first', () => {
    const hooks = bounded(2);
    const early = listen(hooks, 'configure');
    for (const round of [1, 2, 3, 4]) hooks.call('configure', round);
    // Running calls are not limited: only what is remembered for later plugins is.
    expect(early).toEqual([1, 2, 3, 4]);
    expect(listen(hooks, 'configure')).toEqual([3, 4]);
  });

  it('replays a late plugin with the kept calls only, then calls it with new ones', () => {
    const hooks = bounded(3);
    for (const round of [1, 2, 3, 4, 5]) hooks.call('configure', round);
    const late = listen(hooks, 'configure');
    expect(late).toEqual([3, 4, 5]);
    hooks.call('configure', 6);
    expect(late).toEqual([3, 4, 5, 6]);
    expect(listen(hooks, 'configure')).toEqual([4, 5, 6]);
  });

  it('limits calls made with callAsync() the same way', async () => {
    const hooks = bounded(1);
    await hooks.callAsync('init', 1);
    await hooks.callAsync('init', 2);
    const seen: number[] = [];
    const undo = hooks.register({ init: async (round) => void seen.push(round) });
    await undo.ready;
    expect(seen).toEqual([2]);
  });

  it('refuses a limit that is not a positive integer', () => {
    const bad: unknown[] = [
      { limit: 0 },
      { limit: -1 },
      { limit: 1.5 },
      { limit: '3' },
      { limit: Number.NaN },
      { limit: Number.POSITIVE_INFINITY },
      {},
      5,
      null,
      [3],
      'yes',
    ];
    for (const historic of bad) {
      let error: unknown;
      try {
        (createHooks<{ h(): void }>() as (s: unknown) => unknown)({ h: { kind: 'series', historic } });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(historic)).toBeInstanceOf(InvalidHookSpecError);
      expect(error).toMatchObject({ code: 'invalid-hook-spec', hook: 'h' });
      expect((error as Error).message).toMatch(/historic/);
    }
  });

  it('accepts `historic: false` as not historic', () => {
    const hooks = createHooks<{ h(x: number): void }>()({ h: { kind: 'series', historic: false } });
    hooks.call('h', 1);
    let ran = false;
    hooks.register({
      h: () => {
        ran = true;
      },
    });
    expect(ran).toBe(false);
  });
});

describe('clearHistory()', () => {
  it('forgets the calls of one hook: later plugins get only later calls', () => {
    const hooks = make();
    const app = { name: 'app' };
    hooks.call('configure', app, 1);
    hooks.clearHistory('configure');
    expect(listenConfigure(hooks)).toEqual([]);
    hooks.call('configure', app, 2);
    expect(listenConfigure(hooks)).toEqual([2]);
  });

  it('leaves the other hooks alone when given a name, and clears them all without one', async () => {
    const hooks = make();
    const app = { name: 'app' };
    hooks.call('configure', app, 1);
    await hooks.callAsync('init', app);
    hooks.clearHistory('configure');
    let inits = 0;
    await hooks.register({ init: async () => void inits++ }).ready;
    expect(inits).toBe(1);

    hooks.call('configure', app, 2);
    hooks.clearHistory();
    expect(listenConfigure(hooks)).toEqual([]);
    await hooks.register({ init: async () => void inits++ }).ready;
    expect(inits).toBe(1);
  });

  it('does nothing for a hook that is not historic', () => {
    const hooks = make();
    expect(() => hooks.clearHistory('plain')).not.toThrow();
  });

  it('throws UnknownHookError for a name that is not a hook', () => {
    const hooks = make();
    let error: unknown;
    try {
      hooks.clearHistory('nope' as 'plain');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownHookError);
    expect(error).toMatchObject({ code: 'unknown-hook', hook: 'nope' });
  });

  it('works with a limit: the hook starts remembering again, up to the limit', () => {
    const hooks = bounded(2);
    for (const round of [1, 2]) hooks.call('configure', round);
    hooks.clearHistory('configure');
    for (const round of [3, 4, 5]) hooks.call('configure', round);
    expect(listen(hooks, 'configure')).toEqual([4, 5]);
  });
});

function listenConfigure(hooks: ReturnType<typeof make>): number[] {
  const seen: number[] = [];
  hooks.register({ configure: (_app, round) => void seen.push(round) });
  return seen;
}
