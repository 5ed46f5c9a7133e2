import { describe, expect, it } from 'vitest';
import { createHooks, type HookCallInfo, type HookCallOutcome, wrap } from '../../src/hooks/index.js';

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
