import { describe, expect, it, vi } from 'vitest';
import {
  createHooks,
  type HookCallInfo,
  type HookCallOutcome,
  type MonitorErrorInfo,
  MonitorFailedWarning,
  PlugboardError,
  PlugboardWarning,
  wrap,
} from '../../src/hooks/index.js';

interface H {
  build(x: number): number;
  load(id: string): Promise<string>;
}
const make = () => createHooks<H>()({ build: { kind: 'series' }, load: { kind: 'first' } });

function watch(hooks: ReturnType<typeof make>) {
  const before: HookCallInfo[] = [];
  const after: HookCallOutcome[] = [];
  const stop = hooks.monitor({ before: (i) => before.push(i), after: (o) => after.push(o) });
  return { before, after, stop };
}

describe('monitor', () => {
  it('sees each implementation: hook, plugin, arguments, result and duration', () => {
    const hooks = make();
    hooks.register({ build: (x) => x + 1 }, { name: 'one' });
    hooks.register({ build: (x) => x + 2 }, { name: 'two' });
    const { before, after } = watch(hooks);
    expect(hooks.call('build', 1)).toEqual([2, 3]);
    expect(before).toEqual([
      { hook: 'build', plugin: 'one', args: [1], mode: 'sync', wrapper: false },
      { hook: 'build', plugin: 'two', args: [1], mode: 'sync', wrapper: false },
    ]);
    expect(after).toMatchObject([
      { hook: 'build', plugin: 'one', args: [1], failed: false, result: 2 },
      { hook: 'build', plugin: 'two', args: [1], failed: false, result: 3 },
    ]);
    for (const o of after) {
      expect(typeof o.duration).toBe('number');
      expect(o.duration).toBeGreaterThanOrEqual(0);
    }
  });

  it('sees errors, and does not change them', () => {
    const hooks = make();
    const boom = new Error('boom');
    hooks.register(
      {
        build: () => {
          throw boom;
        },
      },
      { name: 'bad' },
    );
    const { after } = watch(hooks);
    expect(() => hooks.call('build', 1)).toThrow(boom);
    expect(after).toMatchObject([{ plugin: 'bad', failed: true, error: boom }]);
    expect(after[0]).not.toHaveProperty('result');
  });

  it('reports async implementations once they settle', async () => {
    const hooks = make();
    let settled = false;
    hooks.register(
      {
        load: async (id) => {
          await new Promise((resolve) => setImmediate(resolve));
          settled = true;
          return `code of ${id}`;
        },
      },
      { name: 'loader' },
    );
    const seen: boolean[] = [];
    hooks.monitor({ after: () => seen.push(settled) });
    const { after } = watch(hooks);
    expect(await hooks.callAsync('load', 'x')).toBe('code of x');
    expect(seen).toEqual([true]);
    expect(after).toMatchObject([{ hook: 'load', plugin: 'loader', mode: 'async', result: 'code of x' }]);
  });

  it('marks wrappers', () => {
    const hooks = make();
    hooks.register({ build: (x) => x });
    hooks.register({ build: wrap((next) => next()) }, { name: 'w' });
    const { before } = watch(hooks);
    hooks.call('build', 0);
    expect(before.map((i) => [i.plugin, i.wrapper])).toEqual([
      ['w', true],
      [expect.any(String), false],
    ]);
    // The wrapper's own arguments are the hook's, not next().
    expect(before[0]!.args).toHaveLength(2);
  });

  it('stops seeing calls once unsubscribed, and calls still work', async () => {
    const hooks = make();
    hooks.register({ build: (x) => x * 2 });
    const { before, stop } = watch(hooks);
    hooks.call('build', 1);
    stop();
    stop(); // twice is harmless
    expect(hooks.call('build', 2)).toEqual([4]);
    expect(await hooks.callAsync('build', 3)).toEqual([6]);
    expect(before).toHaveLength(1);
  });

  it('subscribing the same object twice gives two independent subscriptions', () => {
    const hooks = make();
    hooks.register({ build: (x) => x });
    let count = 0;
    const m = { before: () => void count++ };
    const stop1 = hooks.monitor(m);
    hooks.monitor(m);
    hooks.call('build', 0);
    stop1();
    hooks.call('build', 0);
    expect(count).toBe(3);
  });
});

/** Run `fn`, then let pending warnings be emitted (Node emits them on the next tick), and return ours. */
async function warningsDuring(fn: () => unknown): Promise<MonitorFailedWarning[]> {
  const seen: Error[] = [];
  const listener = (warning: Error) => seen.push(warning);
  process.on('warning', listener);
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  return seen.filter((w): w is MonitorFailedWarning => (w as { code?: unknown }).code === 'PLUGBOARD_MONITOR_FAILED');
}

const boom = (message: string) => () => {
  throw new Error(message);
};

describe('a monitor that fails', () => {
  for (const callback of ['before', 'after'] as const) {
    for (const mode of ['sync', 'async'] as const) {
      it(`in ${callback}, during ${mode === 'sync' ? 'a sync' : 'an async'} call, changes nothing: result, other monitors (onError given)`, async () => {
        const hooks = make();
        hooks.register({ build: (x) => x + 1 }, { name: 'one' });
        hooks.register({ build: (x) => x + 2 }, { name: 'two' });
        const failures: [unknown, MonitorErrorInfo][] = [];
        const broken = new Error(`${callback} broke`);
        hooks.monitor({
          [callback]: () => {
            throw broken;
          },
          onError: (error: unknown, info: MonitorErrorInfo) => failures.push([error, info]),
        });
        const { before, after } = watch(hooks);
        let result: unknown;
        const warnings = await warningsDuring(async () => {
          result = mode === 'sync' ? hooks.call('build', 1) : await hooks.callAsync('build', 1);
        });
        expect(result).toEqual([2, 3]);
        expect(before.map((i) => i.plugin)).toEqual(['one', 'two']);
        expect(after.map((o) => [o.plugin, o.result])).toEqual([
          ['one', 2],
          ['two', 3],
        ]);
        expect(failures).toHaveLength(2);
        expect(failures[0]![0]).toBe(broken);
        expect(failures.map(([, info]) => [info.callback, info.call.plugin, info.call.hook, info.call.mode])).toEqual([
          [callback, 'one', 'build', mode],
          [callback, 'two', 'build', mode],
        ]);
        if (callback === 'after') expect(failures[0]![1].call).toMatchObject({ failed: false, result: 2 });
        expect(warnings).toEqual([]);
      });

      it(`in ${callback}, during ${mode === 'sync' ? 'a sync' : 'an async'} call, without onError, emits one coded process warning`, async () => {
        const hooks = make();
        hooks.register({ build: (x) => x * 10 }, { name: 'times-ten' });
        hooks.register({ build: (x) => x * 100 }, { name: 'times-hundred' });
        hooks.monitor({ [callback]: boom('monitor bug') });
        const { after } = watch(hooks);
        let result: unknown;
        const warnings = await warningsDuring(async () => {
          result = mode === 'sync' ? hooks.call('build', 2) : await hooks.callAsync('build', 2);
        });
        expect(result).toEqual([20, 200]);
        expect(after).toHaveLength(2);
        // Two failures, one warning: a broken monitor on a hot hook must not flood stderr.
        expect(warnings).toHaveLength(1);
        const [warning] = warnings;
        expect(warning).toBeInstanceOf(MonitorFailedWarning);
        expect(warning).toMatchObject({
          name: 'MonitorFailedWarning',
          code: 'PLUGBOARD_MONITOR_FAILED',
          plugin: 'times-ten',
          hook: 'build',
          callback,
        });
        // A warning, not an error: `catch (e) { if (e instanceof PlugboardError) … }` never meets it.
        expect(warning).toBeInstanceOf(PlugboardWarning);
        expect(warning).not.toBeInstanceOf(PlugboardError);
        expect(warning!.message).toContain(
          `hooks monitor's ${callback}() failed while watching plugin 'times-ten' in hook 'build'`,
        );
        expect(warning!.message).toContain('monitor bug');
        expect((warning!.cause as Error).message).toBe('monitor bug');
      });
    }
  }

  it('does not change the error of a failing implementation', async () => {
    const hooks = make();
    const failure = new Error('implementation failed');
    hooks.register({
      build: () => {
        throw failure;
      },
    });
    const errors: unknown[] = [];
    hooks.monitor({ before: boom('b'), after: boom('a'), onError: (e) => errors.push(e) });
    expect(() => hooks.call('build', 1)).toThrow(failure);
    await expect(hooks.callAsync('build', 1)).rejects.toBe(failure);
    expect(errors.map((e) => (e as Error).message)).toEqual(['b', 'a', 'b', 'a']);
  });

  it("does not change a 'collect' call or a wrapper's result", () => {
    const hooks = make();
    hooks.register({ build: (x) => x });
    hooks.register({ build: wrap((next) => next().concat([99])) }, { name: 'w' });
    const errors: unknown[] = [];
    hooks.monitor({ before: boom('b'), onError: (e) => errors.push(e) });
    expect(hooks.with({ errors: 'collect' }).call('build', 1)).toEqual({ result: [1, 99], errors: [] });
    expect(hooks.call('build', 1)).toEqual([1, 99]);
    expect(errors).toHaveLength(4);
  });

  it('is caught when it returns a promise that rejects', async () => {
    const hooks = make();
    hooks.register({ build: (x) => x });
    const failures: MonitorErrorInfo[] = [];
    hooks.monitor({
      after: async () => {
        throw new Error('async monitor');
      },
      onError: (_e, info) => failures.push(info),
    });
    expect(hooks.call('build', 1)).toEqual([1]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures.map((f) => f.callback)).toEqual(['after']);
  });

  it('reports the original failure as a warning when onError itself throws', async () => {
    const hooks = make();
    hooks.register({ build: (x) => x }, { name: 'p' });
    hooks.monitor({ before: boom('original'), onError: boom('handler broke') });
    let result: unknown;
    const warnings = await warningsDuring(() => {
      result = hooks.call('build', 5);
    });
    expect(result).toEqual([5]);
    expect(warnings).toHaveLength(1);
    expect((warnings[0]!.cause as Error).message).toBe('original');
  });

  it('warns once per subscription: a second broken monitor warns too', async () => {
    const hooks = make();
    hooks.register({ build: (x) => x });
    hooks.monitor({ before: boom('first') });
    hooks.monitor({ after: boom('second') });
    const warnings = await warningsDuring(() => {
      hooks.call('build', 1);
      hooks.call('build', 2);
    });
    expect(warnings.map((w) => (w.cause as Error).message)).toEqual(['first', 'second']);
  });

  it('falls back to console.warn where process.emitWarning does not exist (browsers)', () => {
    const hooks = make();
    hooks.register({ build: (x) => x }, { name: 'p' });
    hooks.monitor({ before: boom('no process') });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const proc = process as { emitWarning?: unknown };
    const emitWarning = proc.emitWarning;
    proc.emitWarning = undefined;
    let result: unknown;
    let calls: unknown[][];
    try {
      result = hooks.call('build', 3);
    } finally {
      proc.emitWarning = emitWarning;
      calls = warn.mock.calls;
      warn.mockRestore();
    }
    expect(result).toEqual([3]);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toMatchObject({ code: 'PLUGBOARD_MONITOR_FAILED', plugin: 'p', hook: 'build' });
  });
});

describe('monitor()', () => {
  it('refuses callbacks that are not functions', () => {
    const hooks = make();
    expect(() => hooks.monitor(null as never)).toThrow(TypeError);
    expect(() => hooks.monitor({ before: 'log' } as never)).toThrow(/before must be a function/);
    expect(() => hooks.monitor({ onError: {} } as never)).toThrow(/onError must be a function/);
  });

  it('calls the callbacks of a class instance with the instance as `this`', () => {
    class Recorder {
      readonly plugins: string[] = [];
      readonly errors: unknown[] = [];
      before(info: HookCallInfo): void {
        this.plugins.push(info.plugin);
      }
      after(): void {
        throw new Error('after broke');
      }
      onError(error: unknown): void {
        this.errors.push(error);
      }
    }
    const hooks = make();
    hooks.register({ build: (x) => x }, { name: 'p' });
    const recorder = new Recorder();
    hooks.monitor(recorder);
    hooks.call('build', 1);
    expect(recorder.plugins).toEqual(['p']);
    expect(recorder.errors).toEqual([new Error('after broke')]);
  });
});

describe('a thrown value that cannot be printed (String() throws on it)', () => {
  const unprintable = () => Object.create(null) as object;

  it('does not break a call when a monitor throws it', () => {
    const hooks = make();
    hooks.register({ build: (x) => x + 1 }, { name: 'a' });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      hooks.monitor({
        before() {
          throw unprintable();
        },
      });
      expect(hooks.call('build', 1)).toEqual([2]);
      expect(String(warn.mock.calls[0]![0])).toContain('[object Object]');
    } finally {
      warn.mockRestore();
    }
  });

  it('is collected as a HookCallError when an implementation throws it', () => {
    const hooks = make();
    hooks.register(
      {
        build: () => {
          throw unprintable();
        },
      },
      { name: 'a' },
    );
    const { errors } = hooks.with({ errors: 'collect' }).call('build', 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'hook-call-failed', plugin: 'a', hook: 'build' });
    expect(errors[0]!.message).toContain('[object Object]');
  });
});

describe('monitors observe only', () => {
  it('cannot change the arguments an implementation receives', () => {
    const hooks = make();
    hooks.register({ build: (x) => x }, { name: 'a' });
    hooks.monitor({
      before({ args }) {
        try {
          (args as unknown[])[0] = 99;
        } catch {
          // Frozen: strict-mode code throws, which the monitor contract reports and ignores.
        }
      },
    });
    expect(hooks.call('build', 1)).toEqual([1]);
  });
});
