import { describe, expect, it } from 'vitest';
import { createHooks, HookCallError, wrap } from '../../src/hooks/index.js';

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

  it('remember calls made through hooks.with() too', () => {
    const hooks = make();
    hooks.with({ errors: 'collect' }).call('configure', { name: 'app' }, 7);
    const late: number[] = [];
    hooks.register({ configure: (_a, r) => void late.push(r) });
    expect(late).toEqual([7]);
  });
});
