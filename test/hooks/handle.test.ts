// Two ways to call a hook besides `hooks.call(name)`: handles (`hooks.hook(name)`, no lookup by
// name per call) and `series` hooks declared `results: false` (notifications: nothing gathered).
// Both run on the three paths a call can take: generated callers, the closure fallback (no
// `new Function`), and the general path (taken while a monitor is subscribed).
import { describe, expect, it } from 'vitest';
import { callPaths, onPath } from './paths.js';
import {
  createHooks,
  InvalidHookSpecError,
  SyncReturnedPromiseError,
  UnknownHookError,
  wrap,
} from '../../src/hooks/index.js';

interface H {
  notify(log: string[], tag: string): void | Promise<void>;
  gather(x: number): number;
  done(): Promise<void>;
}

const spec = {
  notify: { kind: 'series', results: false },
  gather: { kind: 'series' },
  done: { kind: 'parallel' },
} as const;

describe.each(callPaths)('on the %s path', (path) => {
  const onThisPath = onPath(path);
  const make = () => onThisPath(createHooks<H>()(spec));

  describe('results: false', () => {
    it('calls every implementation in order and returns undefined, sync', () => {
      const hooks = make();
      hooks.register({ notify: (log, tag) => void log.push(`a:${tag}`) }, { name: 'a' });
      hooks.register({ notify: (log, tag) => void log.push(`b:${tag}`) }, { name: 'b', order: 'pre' });
      const log: string[] = [];
      expect(hooks.call('notify', log, 'x')).toBeUndefined();
      expect(log).toEqual(['b:x', 'a:x']);
    });

    it('awaits every implementation in order and resolves to undefined, async', async () => {
      const hooks = make();
      const log: string[] = [];
      hooks.register(
        {
          notify: async (l, tag) => {
            await new Promise((r) => setTimeout(r, 5));
            l.push(`slow:${tag}`);
          },
        },
        { name: 'slow' },
      );
      hooks.register({ notify: (l, tag) => void l.push(`fast:${tag}`) }, { name: 'fast' });
      await expect(hooks.callAsync('notify', log, 'y')).resolves.toBeUndefined();
      expect(log).toEqual(['slow:y', 'fast:y']);
    });

    it('still refuses a promise returned to a sync call, naming the plugin', () => {
      const hooks = make();
      hooks.register({ notify: async () => {} }, { name: 'eager' });
      let error: unknown;
      try {
        hooks.call('notify', [], 'z');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SyncReturnedPromiseError);
      expect(error).toMatchObject({ code: 'sync-returned-promise', plugin: 'eager', hook: 'notify' });
    });

    it("returns { result: undefined, errors } under 'collect'", () => {
      const hooks = make();
      hooks.register(
        {
          notify: () => {
            throw new Error('boom');
          },
        },
        { name: 'bad' },
      );
      hooks.register({ notify: (log) => void log.push('ok') }, { name: 'good' });
      const log: string[] = [];
      const { result, errors } = hooks.with({ errors: 'collect' }).call('notify', log, 't');
      expect(result).toBeUndefined();
      expect(log).toEqual(['ok']);
      expect(errors.map((e) => [e.code, e.plugin])).toEqual([['hook-call-failed', 'bad']]);
    });

    it('hands a wrapper undefined from next()', () => {
      const hooks = make();
      const seen: unknown[] = [];
      hooks.register({ notify: (log) => void log.push('inner') }, { name: 'inner' });
      hooks.register(
        {
          notify: wrap((next) => {
            seen.push(next());
            return undefined;
          }),
        },
        { name: 'outer' },
      );
      const log: string[] = [];
      expect(hooks.call('notify', log, 'w')).toBeUndefined();
      expect(seen).toEqual([undefined]);
      expect(log).toEqual(['inner']);
    });
  });

  describe('handles', () => {
    it('call and callAsync like hooks.call, and see later registrations and unregistrations', async () => {
      const hooks = make();
      const gather = hooks.hook('gather');
      expect(gather.name).toBe('gather');
      expect(gather.call(1)).toEqual([]);
      const undo = hooks.register({ gather: (x) => x + 1 }, { name: 'one' });
      expect(gather.call(1)).toEqual([2]);
      hooks.register({ gather: (x) => x * 10 }, { name: 'ten' });
      expect(gather.call(2)).toEqual([3, 20]);
      await expect(gather.callAsync(3)).resolves.toEqual([4, 30]);
      undo();
      expect(gather.call(2)).toEqual([20]);
      expect(hooks.hook('gather')).toBe(gather);
    });

    it('a call taken off the handle before the first call builds the caller once and stays current', async () => {
      const hooks = make();
      const { call, callAsync } = hooks.hook('gather');
      hooks.register({ gather: (x) => x + 1 }, { name: 'one' });
      expect(call(1)).toEqual([2]);
      // The first call built and installed the caller; the detached stub now forwards to it
      // instead of building another on every call.
      const built = hooks.hook('gather').call;
      expect(built).not.toBe(call);
      expect(call(2)).toEqual([3]);
      expect(hooks.hook('gather').call).toBe(built);
      hooks.register({ gather: (x) => x * 10 }, { name: 'ten' });
      expect(call(2)).toEqual([3, 20]);
      await expect(callAsync(3)).resolves.toEqual([4, 30]);
      const builtAsync = hooks.hook('gather').callAsync;
      await expect(callAsync(4)).resolves.toEqual([5, 40]);
      expect(hooks.hook('gather').callAsync).toBe(builtAsync);
    });

    it('work for parallel hooks asynchronously', async () => {
      const hooks = make();
      const order: string[] = [];
      hooks.register({ done: async () => void order.push('a') }, { name: 'a' });
      await expect(hooks.hook('done').callAsync()).resolves.toEqual([undefined]);
      expect(order).toEqual(['a']);
    });
  });
});

describe('the lookup by name', () => {
  it('refuses unknown names, including Object.prototype members, for call, callAsync and hook', async () => {
    const hooks = createHooks<H>()(spec);
    for (const name of ['nope', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => hooks.call(name as 'gather', 1)).toThrow(UnknownHookError);
      await expect(hooks.callAsync(name as 'gather', 1)).rejects.toBeInstanceOf(UnknownHookError);
      expect(() => hooks.hook(name as 'gather')).toThrow(UnknownHookError);
    }
  });

  it('finds hooks named like Object.prototype members', () => {
    interface Odd {
      toString(x: number): number;
      ['__proto__'](x: number): number;
    }
    const hooks = createHooks<Odd>()({ toString: { kind: 'series' }, ['__proto__']: { kind: 'series' } });
    hooks.register({ toString: (x: number) => x + 1, ['__proto__']: (x: number) => x + 2 }, { name: 'p' });
    expect(hooks.call('toString', 1)).toEqual([2]);
    expect(hooks.call('__proto__', 1)).toEqual([3]);
    expect(hooks.hook('__proto__').call(5)).toEqual([7]);
  });

  it('keeps two hooks objects of the same shape apart: each calls its own implementations', () => {
    const one = createHooks<H>()(spec);
    const two = createHooks<H>()(spec);
    one.register({ gather: (x) => x + 1 }, { name: 'p' });
    two.register({ gather: (x) => x - 1 }, { name: 'p' });
    for (let i = 0; i < 2000; i++) {
      expect(one.call('gather', i)).toEqual([i + 1]);
      expect(two.call('gather', i)).toEqual([i - 1]);
    }
  });
});

describe('spec validation of results', () => {
  it('rejects results on kinds other than series, and non-boolean values', () => {
    expect(() => createHooks<H>()({ ...spec, gather: { kind: 'first', results: false } } as never)).toThrow(
      InvalidHookSpecError,
    );
    expect(() => createHooks<H>()({ ...spec, notify: { kind: 'series', results: 'no' } } as never)).toThrow(
      /results must be a boolean/,
    );
  });
});
