// The 'collect' error policy: run every implementation, return the result with the errors.
import { describe, expect, it } from 'vitest';
import { createHooks, HookCallError, SyncReturnedPromiseError, wrap, wrapAsync } from '../../src/hooks/index.js';

interface H {
  series(x: number): number;
  first(x: number): number | undefined;
  waterfall(value: string): string;
  parallel(x: number): Promise<number>;
}
const make = () =>
  createHooks<H>()({
    series: { kind: 'series' },
    first: { kind: 'first' },
    waterfall: { kind: 'waterfall' },
    parallel: { kind: 'parallel' },
  });
const boom =
  (message = 'boom') =>
  () => {
    throw new Error(message);
  };

describe("errors: 'collect'", () => {
  it('runs every series implementation and returns the results with the errors, each naming the plugin', async () => {
    const hooks = make();
    hooks.register({ series: (x) => x + 1 }, { name: 'ok1' });
    hooks.register({ series: boom('first failure') }, { name: 'bad1' });
    hooks.register({ series: (x) => x + 2 }, { name: 'ok2' });
    hooks.register({ series: boom('second failure') }, { name: 'bad2' });
    const collecting = hooks.with({ errors: 'collect' });
    for (const outcome of [collecting.call('series', 0), await collecting.callAsync('series', 0)]) {
      expect(outcome.result).toEqual([1, 2]);
      expect(outcome.errors).toHaveLength(2);
      expect(outcome.errors[0]).toBeInstanceOf(HookCallError);
      expect(outcome.errors[0]).toMatchObject({ code: 'hook-call-failed', plugin: 'bad1', hook: 'series' });
      expect((outcome.errors[0]!.cause as Error).message).toBe('first failure');
      expect(outcome.errors[1]).toMatchObject({ plugin: 'bad2' });
    }
  });

  it('returns no errors when nothing fails', () => {
    const hooks = make();
    hooks.register({ series: (x) => x });
    expect(hooks.with({ errors: 'collect' }).call('series', 5)).toEqual({ result: [5], errors: [] });
  });

  it('skips a failing implementation of first and of waterfall', async () => {
    const hooks = make();
    hooks.register({ first: boom(), waterfall: boom() }, { name: 'bad' });
    hooks.register({ first: (x) => x * 2, waterfall: (v) => `${v}!` }, { name: 'ok' });
    const c = hooks.with({ errors: 'collect' });
    expect(c.call('first', 2)).toMatchObject({ result: 4, errors: [{ plugin: 'bad', hook: 'first' }] });
    expect(await c.callAsync('waterfall', 'v')).toMatchObject({
      result: 'v!',
      errors: [{ plugin: 'bad', hook: 'waterfall' }],
    });
  });

  it('collects rejections of parallel implementations', async () => {
    const hooks = make();
    hooks.register({ parallel: async () => 1 }, { name: 'ok' });
    hooks.register({ parallel: () => Promise.reject(new Error('no')) }, { name: 'bad' });
    hooks.register({ parallel: async () => 3 }, { name: 'ok2' });
    const outcome = await hooks.with({ errors: 'collect' }).callAsync('parallel', 0);
    expect(outcome.result).toEqual([1, 3]);
    expect(outcome.errors).toMatchObject([{ plugin: 'bad', hook: 'parallel' }]);
  });

  it('collects a promise returned to call() as an error whose cause says so', () => {
    const hooks = make();
    hooks.register({ series: (() => Promise.resolve(1)) as unknown as H['series'] }, { name: 'lazy' });
    hooks.register({ series: (x) => x });
    const outcome = hooks.with({ errors: 'collect' }).call('series', 3);
    expect(outcome.result).toEqual([3]);
    expect(outcome.errors[0]!.cause).toBeInstanceOf(SyncReturnedPromiseError);
  });

  it('skips a failing wrapper and keeps what the chain inside it returned, running it once', async () => {
    const hooks = make();
    let runs = 0;
    hooks.register({ series: () => ++runs });
    hooks.register({
      series: wrap((next) => {
        next();
        throw new Error('wrapper failed after next()');
      }),
    });
    hooks.register(
      {
        series: wrap((): number[] => {
          throw new Error('wrapper failed before next()');
        }),
      },
      { name: 'outer', order: 'pre' },
    );
    const outcome = hooks.with({ errors: 'collect' }).call('series', 0);
    expect(outcome.result).toEqual([1]);
    expect(runs).toBe(1);
    // In the order they failed: the outer wrapper first, then the inner one inside its fallback.
    expect(outcome.errors.map((e) => (e.cause as Error).message)).toEqual([
      'wrapper failed before next()',
      'wrapper failed after next()',
    ]);
    hooks.register({ series: wrapAsync(() => Promise.reject(new Error('async wrapper'))) }, { name: 'aw' });
    const asyncOutcome = await hooks.with({ errors: 'collect' }).callAsync('series', 0);
    expect(asyncOutcome.result).toEqual([2]);
    expect(asyncOutcome.errors).toHaveLength(3);
  });

  it('collects an async wrapper met by call() and goes on without it', () => {
    const hooks = make();
    hooks.register({ series: (x) => x });
    hooks.register({ series: wrapAsync(async (next) => next()) }, { name: 'aw' });
    const outcome = hooks.with({ errors: 'collect' }).call('series', 1);
    expect(outcome.result).toEqual([1]);
    expect(outcome.errors).toMatchObject([{ plugin: 'aw', cause: { code: 'sync-returned-promise' } }]);
  });
});

describe("errors: 'throw'", () => {
  it('is the default, and what with() gives for it', () => {
    const hooks = make();
    hooks.register({ series: boom() });
    expect(() => hooks.call('series', 1)).toThrow('boom');
    expect(() => hooks.with({ errors: 'throw' }).call('series', 1)).toThrow('boom');
    expect(() => hooks.with({}).call('series', 1)).toThrow('boom');
  });

  it('refuses an unknown policy', () => {
    const hooks = make();
    expect(() => hooks.with({ errors: 'ignore' as 'throw' })).toThrow(TypeError);
  });
});
