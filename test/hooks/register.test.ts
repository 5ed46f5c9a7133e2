import { describe, expect, it } from 'vitest';
import {
  createHooks,
  DuplicatePluginError,
  HookError,
  InvalidHookSpecError,
  InvalidPluginError,
  NotAFunctionError,
  RequiredHookMissingError,
  UnknownHookError,
  wrap,
} from '../../src/hooks/index.js';

interface H {
  build(ctx: { out: string[] }): void;
  resolve(id: string): string | undefined;
}
const spec = { build: { kind: 'series' }, resolve: { kind: 'first', required: true } } as const;
const make = (options?: { allowExtra?: boolean }) => createHooks<H>()(spec, options);

/** register() without the compile-time checks, to feed it what JavaScript callers might. */
const loose = (hooks: ReturnType<typeof make>) => hooks.register as (impl: unknown, options?: unknown) => () => void;

function thrown(fn: () => unknown): HookError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HookError);
    expect(error).toBeInstanceOf(Error);
    return error as HookError;
  }
  throw new Error('expected an error');
}

describe('register', () => {
  it('registers any subset of the hooks and returns a function that unregisters them', () => {
    const hooks = make();
    const undo = hooks.register({ resolve: (id) => `/${id}` }, { name: 'r' });
    expect(hooks.call('resolve', 'x')).toBe('/x');
    undo();
    expect(hooks.call('resolve', 'x')).toBeUndefined();
    undo(); // twice is harmless
    expect(hooks.plugins('resolve')).toEqual([]);
  });

  it('names anonymous plugins uniquely', () => {
    const hooks = make();
    hooks.register({ build: () => {} });
    hooks.register({ build: () => {} });
    const names = hooks.plugins('build');
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
  });

  it('skips hooks whose value is undefined', () => {
    const hooks = make();
    hooks.register({ build: undefined, resolve: () => 'r' });
    expect(hooks.plugins('build')).toEqual([]);
  });

  it('calls methods of class instances with their `this`', () => {
    class Resolver {
      prefix = '@/';
      resolve(id: string): string {
        return this.prefix + id;
      }
    }
    // `prefix` is an own property that is not a hook, hence allowExtra.
    const hooks = make({ allowExtra: true });
    hooks.register(new Resolver(), { name: 'class' });
    expect(hooks.call('resolve', 'x')).toBe('@/x');
    expect(thrown(() => make().register(new Resolver())).code).toBe('unknown-hook');
  });

  it('accepts a module-namespace-like object', async () => {
    const hooks = make();
    const ns = Object.freeze(Object.assign(Object.create(null), { resolve: () => 'ns' }));
    hooks.register(ns, { name: 'ns' });
    expect(await hooks.callAsync('resolve', 'x')).toBe('ns');
  });
});

describe('validation at registration', () => {
  it('refuses an unknown hook, naming plugin and hook, and registers nothing', () => {
    const hooks = make();
    const error = thrown(() => loose(hooks)({ build: () => {}, biuld: () => {} }, { name: 'typo' }));
    expect(error).toBeInstanceOf(UnknownHookError);
    expect(error).toMatchObject({ code: 'unknown-hook', plugin: 'typo', hook: 'biuld' });
    expect(hooks.plugins('build')).toEqual([]);
  });

  it('ignores properties that are not hooks when the spec allows extra hooks', () => {
    const hooks = make({ allowExtra: true });
    loose(hooks)({ build: () => {}, version: '1.0.0', extra: () => {} }, { name: 'meta' });
    expect(hooks.plugins('build')).toEqual(['meta']);
  });

  it('refuses a hook value that is not a function', () => {
    const hooks = make();
    for (const value of [null, 'resolve', 42, {}, [() => 'x']]) {
      const error = thrown(() => loose(hooks)({ resolve: value }, { name: 'bad' }));
      expect(error).toBeInstanceOf(NotAFunctionError);
      expect(error).toMatchObject({ code: 'not-a-function', plugin: 'bad', hook: 'resolve' });
    }
    expect(hooks.plugins('resolve')).toEqual([]);
  });

  it('refuses what is not an object', () => {
    const hooks = make();
    for (const value of [null, undefined, 'plugin', 3]) {
      const error = thrown(() => loose(hooks)(value, { name: 'p' }));
      expect(error).toBeInstanceOf(InvalidPluginError);
      expect(error).toMatchObject({ code: 'invalid-plugin', plugin: 'p' });
    }
  });

  it('refuses invalid options', () => {
    const hooks = make();
    const register = loose(hooks);
    expect(thrown(() => register({}, { name: '' })).code).toBe('invalid-plugin');
    expect(thrown(() => register({}, { name: 'p', order: 'first' })).code).toBe('invalid-plugin');
    expect(thrown(() => register({}, { name: 'p', before: 'a' })).code).toBe('invalid-plugin');
    expect(thrown(() => register({}, { name: 'p', after: [1] })).code).toBe('invalid-plugin');
    // Options that are not an object at all: not a TypeError from reading them, not ignored.
    for (const options of [null, 'p', 42]) {
      const error = thrown(() => register({ build: () => {} }, options));
      expect(error.code).toBe('invalid-plugin');
      expect(error.message).toContain('its options must be an object');
    }
    expect(hooks.plugins('build')).toEqual([]);
  });

  it('refuses a second plugin with the same name until the first is unregistered', () => {
    const hooks = make();
    const undo = hooks.register({ build: () => {} }, { name: 'same' });
    const error = thrown(() => hooks.register({ resolve: () => 'x' }, { name: 'same' }));
    expect(error).toBeInstanceOf(DuplicatePluginError);
    expect(error).toMatchObject({ code: 'duplicate-plugin', plugin: 'same' });
    undo();
    hooks.register({ resolve: () => 'x' }, { name: 'same' });
  });
});

describe('spec validation', () => {
  it('refuses an unknown kind or a non-boolean option', () => {
    const bad = [{ h: { kind: 'bail' } }, { h: {} }, { h: 'series' }, { h: { kind: 'series', historic: 'yes' } }];
    for (const spec of bad) {
      const error = thrown(() => (createHooks<{ h(): void }>() as (s: unknown) => unknown)(spec));
      expect(error).toBeInstanceOf(InvalidHookSpecError);
      expect(error).toMatchObject({ code: 'invalid-hook-spec', hook: 'h' });
    }
  });
});

describe('check', () => {
  it('reports each required hook without implementation', () => {
    const hooks = make();
    const problems = hooks.check();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBeInstanceOf(RequiredHookMissingError);
    expect(problems[0]).toMatchObject({ code: 'required-hook-missing', hook: 'resolve', plugin: undefined });
  });

  it('is empty once a plugin implements them', () => {
    const hooks = make();
    const undo = hooks.register({ resolve: () => 'x' });
    expect(hooks.check()).toEqual([]);
    undo();
    expect(hooks.check()).toHaveLength(1);
  });

  it('does not count a wrapper alone as an implementation', () => {
    const hooks = make();
    hooks.register({ resolve: wrap((next: () => string | undefined) => next()) });
    expect(hooks.check()).toHaveLength(1);
  });
});

describe('registerAll', () => {
  const loaded = [
    { name: 'one', plugin: { build: (ctx: { out: string[] }) => void ctx.out.push('one') } },
    { name: 'two', plugin: { build: (ctx: { out: string[] }) => void ctx.out.push('two'), resolve: () => 'two' } },
  ];

  it('registers each loaded plugin under its own name, with one unregister', async () => {
    const hooks = make();
    const undo = hooks.registerAll(loaded);
    await undo.ready;
    expect(hooks.plugins('build')).toEqual(['one', 'two']);
    const ctx = { out: [] as string[] };
    hooks.call('build', ctx);
    expect(ctx.out).toEqual(['one', 'two']);
    undo();
    expect(hooks.plugins('build')).toEqual([]);
    expect(hooks.plugins('resolve')).toEqual([]);
  });

  it('takes any iterable', () => {
    const hooks = make();
    hooks.registerAll(new Set(loaded).values());
    expect(hooks.plugins('build')).toEqual(['one', 'two']);
  });

  it("with errors: 'throw', undoes the whole group and throws when one plugin is invalid", () => {
    const hooks = make();
    const bad = [...loaded, { name: 'bad', plugin: { build: 'nope' } }];
    expect(() => hooks.registerAll(bad as typeof loaded, { errors: 'throw' })).toThrow(NotAFunctionError);
    expect(hooks.plugins('build')).toEqual([]);
  });

  it('skips and reports invalid plugins when given onError', () => {
    const hooks = make();
    const bad = [{ name: 'bad', plugin: { build: 'nope' } }, ...loaded];
    const errors: unknown[] = [];
    hooks.registerAll(bad as typeof loaded, { onError: (error, plugin) => errors.push([plugin.name, error]) });
    expect(hooks.plugins('build')).toEqual(['one', 'two']);
    expect(errors).toEqual([['bad', expect.objectContaining({ code: 'not-a-function', plugin: 'bad' })]]);
  });

  it('undoes the group when onError throws, since no unregister is returned', () => {
    const hooks = make();
    const bad = [...loaded, { name: 'bad', plugin: { build: 'nope' } }];
    const stop = (error: unknown) => {
      throw error;
    };
    expect(() => hooks.registerAll(bad as typeof loaded, { onError: stop })).toThrow(NotAFunctionError);
    expect(hooks.plugins('build')).toEqual([]);
    expect(hooks.plugins('resolve')).toEqual([]);
  });

  it('refuses options that are not an object', () => {
    const hooks = make();
    expect(() => hooks.registerAll(loaded, null as never)).toThrow(/registerAll\(\): options must be an object/);
    expect(hooks.plugins('build')).toEqual([]);
  });
});

describe('anonymous names', () => {
  it('never collide with a name given explicitly', () => {
    const hooks = make();
    hooks.register({ build: () => {} }, { name: 'anonymous#1' });
    hooks.register({ build: () => {} }, { name: 'anonymous#2' });
    hooks.register({ build: () => {} });
    expect(new Set(hooks.plugins('build')).size).toBe(3);
  });
});

describe('a hook named after an Object.prototype member', () => {
  it('is implemented only by plugins that define it, not by every object', () => {
    const hooks = createHooks<{ toString(): string }>()({ toString: { kind: 'series' } });
    hooks.register({}, { name: 'empty' });
    hooks.register({ toString: () => 'mine' }, { name: 'own' });
    expect(hooks.plugins('toString')).toEqual(['own']);
    expect(hooks.call('toString')).toEqual(['mine']);
  });
});
