// Issue 15, the hooks items: what the peers' test suites (tapable, pluggy) and a new user asked for.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedPluginError,
  createHooks,
  DuplicatePluginError,
  type HookError,
  InvalidPluginError,
  ordered,
  ParallelSyncCallError,
  UnknownHookError,
  wrap,
} from '../../src/hooks/index.js';
import { defineGroup } from '../../src/index.js';
import { installHost, writePackage, tempDir } from '../support/fixtures.js';
import { callPaths, onPath } from './paths.js';

interface H {
  build(out: string[]): void;
  resolve(id: string): string | undefined;
  transformHtml(html: string): string;
  race(id: string): Promise<string | undefined>;
  setup(out: string[]): void;
}
const spec = {
  build: { kind: 'series' },
  resolve: { kind: 'first' },
  transformHtml: { kind: 'waterfall' },
  race: { kind: 'parallel-first' },
  setup: { kind: 'series', historic: true },
} as const;
const make = () => createHooks<H>()(spec);

function thrown(fn: () => unknown): HookError {
  try {
    fn();
  } catch (error) {
    return error as HookError;
  }
  throw new Error('expected an error');
}

/** A promise settled from outside, so a test decides the order things finish in without timing. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
/** Let every queued promise reaction run. */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('plugin names', () => {
  it.each([' ', '\t', '  \n'])('refuses a blank name (%j), as tapable does', (name) => {
    const error = thrown(() => make().register({ build: () => {} }, { name }));
    expect(error).toBeInstanceOf(InvalidPluginError);
    expect(error.message).toContain('must be a string that is not blank');
  });
});

describe('the same plugin object under two names', () => {
  it('is refused with duplicate-plugin naming the first registration, as pluggy refuses it', () => {
    const hooks = make();
    const plugin = { build: (out: string[]) => void out.push('x') };
    hooks.register(plugin, { name: 'first' });
    const error = thrown(() => hooks.register(plugin, { name: 'second' }));
    expect(error).toBeInstanceOf(DuplicatePluginError);
    expect(error).toMatchObject({ code: 'duplicate-plugin', plugin: 'second', registeredAs: 'first' });
    expect(hooks.registered()).toEqual(['first']);
    // Once the first is gone, the object may be registered again.
    hooks.unregister('first');
    hooks.register(plugin, { name: 'second' });
    expect(hooks.registered()).toEqual(['second']);
  });
});

describe('unregister by name and inspection (pluggy get_plugins, is_registered, get_hookimpls)', () => {
  it('unregisters by name or by object and says whether it did', () => {
    const hooks = make();
    const a = { build: () => {} };
    hooks.register(a, { name: 'a' });
    hooks.register({ build: () => {} }, { name: 'b' });
    expect(hooks.registered()).toEqual(['a', 'b']);
    expect(hooks.isRegistered('a')).toBe(true);
    expect(hooks.isRegistered(a)).toBe(true);
    expect(hooks.unregister(a)).toBe(true);
    expect(hooks.unregister('a')).toBe(false);
    expect(hooks.unregister('b')).toBe(true);
    expect(hooks.isRegistered(a)).toBe(false);
    expect(hooks.registered()).toEqual([]);
    expect(hooks.plugins('build')).toEqual([]);
  });

  it("lists a hook's implementations in call order with their function, wrapper mode and order", () => {
    const hooks = make();
    const trim = (html: string) => html.trim();
    const around = (next: () => string) => next();
    hooks.register({ transformHtml: trim }, { name: 'trim', after: ['other'] });
    hooks.register({ transformHtml: wrap(around) }, { name: 'wrapper', order: 'pre' });
    expect(hooks.implementations('transformHtml')).toEqual([
      {
        plugin: 'wrapper',
        hook: 'transformHtml',
        function: around,
        wrapper: 'sync',
        order: 'pre',
        before: [],
        after: [],
      },
      {
        plugin: 'trim',
        hook: 'transformHtml',
        function: trim,
        wrapper: undefined,
        order: undefined,
        before: [],
        after: ['other'],
      },
    ]);
    expect(thrown(() => hooks.implementations('nope' as never))).toBeInstanceOf(UnknownHookError);
  });
});

describe('blocking a name (pluggy set_blocked)', () => {
  it('unregisters it, refuses it in register(), skips it in registerAll(), until unblocked', () => {
    const hooks = make();
    hooks.register({ build: (out) => void out.push('evil') }, { name: 'evil' });
    hooks.block('evil');
    expect(hooks.isBlocked('evil')).toBe(true);
    expect(hooks.isRegistered('evil')).toBe(false);
    const error = thrown(() => hooks.register({ build: () => {} }, { name: 'evil' }));
    expect(error).toBeInstanceOf(BlockedPluginError);
    expect(error).toMatchObject({ code: 'plugin-blocked', plugin: 'evil' });
    const all = hooks.registerAll([
      { name: 'evil', plugin: { build: () => {} } },
      { name: 'good', plugin: { build: () => {} } },
    ]);
    expect(all.errors).toEqual([]);
    expect(hooks.registered()).toEqual(['good']);
    hooks.unblock('evil');
    hooks.register({ build: () => {} }, { name: 'evil' });
    expect(hooks.registered()).toEqual(['good', 'evil']);
  });
});

describe('ordering one implementation (pluggy tryfirst on one hookimpl)', () => {
  it("moves that hook's implementation only; the plugin's other hooks keep the default order", () => {
    const hooks = make();
    hooks.register(
      { build: (out) => void out.push('early'), setup: (out) => void out.push('early') },
      { name: 'early' },
    );
    hooks.register(
      {
        build: ordered((out: string[]) => void out.push('late'), { order: 'pre' }),
        setup: (out) => void out.push('late'),
      },
      { name: 'late' },
    );
    const build: string[] = [];
    hooks.call('build', build);
    const setup: string[] = [];
    hooks.call('setup', setup);
    expect(build).toEqual(['late', 'early']);
    expect(setup).toEqual(['early', 'late']);
    expect(hooks.implementations('build')[0]).toMatchObject({ plugin: 'late', order: 'pre' });
  });

  it('replaces only the fields it gives, and works on wrappers', () => {
    const hooks = make();
    hooks.register({ build: () => {} }, { name: 'x' });
    hooks.register(
      {
        build: ordered(
          wrap((next) => next()),
          { before: ['x'] },
        ),
      },
      { name: 'w', order: 'post' },
    );
    expect(hooks.implementations('build')[0]).toMatchObject({ plugin: 'w', order: 'post', before: ['x'] });
  });

  it('refuses bad options with invalid-plugin naming the plugin and the hook', () => {
    const error = thrown(() =>
      make().register({ build: ordered(() => {}, { order: 'first' as never }) }, { name: 'p' }),
    );
    expect(error).toMatchObject({ code: 'invalid-plugin', plugin: 'p', hook: 'build' });
    expect(error.message).toContain("ordered() of hook 'build': order must be 'pre' or 'post'");
    expect(() => ordered('x' as never, {})).toThrow(TypeError);
  });
});

describe('extra implementations and subsets for some calls (pluggy call_extra, subset_hook_caller)', () => {
  it('adds extra implementations after the pre tier, for those calls only', async () => {
    const hooks = make();
    hooks.register({ build: (out) => void out.push('pre') }, { name: 'pre', order: 'pre' });
    hooks.register({ build: (out) => void out.push('plain') }, { name: 'plain' });
    const view = hooks.with({ extra: { build: [(out) => void out.push('extra')] } });
    const out: string[] = [];
    view.call('build', out);
    await view.callAsync('build', out);
    expect(out).toEqual(['pre', 'extra', 'plain', 'pre', 'extra', 'plain']);
    const plain: string[] = [];
    hooks.call('build', plain);
    expect(plain).toEqual(['pre', 'plain']);
  });

  it('leaves excluded plugins out, wrappers too', () => {
    const hooks = make();
    hooks.register({ resolve: () => 'a' }, { name: 'a' });
    hooks.register({ resolve: () => 'b' }, { name: 'b' });
    hooks.register({ resolve: wrap((): string | undefined => 'wrapped') }, { name: 'w' });
    expect(hooks.call('resolve', 'x')).toBe('wrapped');
    expect(hooks.with({ exclude: ['w'] }).call('resolve', 'x')).toBe('a');
    expect(hooks.with({ exclude: ['w', 'a', 'unknown'] }).call('resolve', 'x')).toBe('b');
    const collected = hooks.with({ exclude: ['w', 'a'], errors: 'collect' }).call('resolve', 'x');
    expect(collected).toEqual({ result: 'b', errors: [] });
  });

  it('does not remember such calls of a historic hook', () => {
    const hooks = make();
    hooks.with({ exclude: ['nobody'] }).call('setup', []);
    const seen: string[][] = [];
    hooks.register({ setup: (out) => void seen.push(out) }, { name: 'late' });
    expect(seen).toEqual([]);
  });

  it('refuses an unknown hook or a non-function among the extras', () => {
    const hooks = make();
    expect(thrown(() => hooks.with({ extra: { nope: [() => {}] } as never }))).toBeInstanceOf(UnknownHookError);
    expect(thrown(() => hooks.with({ extra: { build: ['x'] } as never })).code).toBe('not-a-function');
  });
});

describe("a parallel-first hook (tapable's AsyncParallelBailHook)", () => {
  for (const path of callPaths) {
    describe(`on the ${path} path`, () => {
      const on = onPath(path);

      it('starts all at once and settles with the first answer in call order, once those before it settled', async () => {
        const hooks = on(make());
        const slow = deferred<string | undefined>();
        const started: string[] = [];
        const answer = (name: string, value: Promise<string | undefined>) => () => {
          started.push(name);
          return value;
        };
        hooks.register({ race: answer('slow', slow.promise) }, { name: 'slow' });
        hooks.register({ race: answer('b', Promise.resolve('b')) }, { name: 'b' });
        hooks.register({ race: answer('c', Promise.resolve('c')) }, { name: 'c' });
        let result: unknown = 'pending';
        const call = hooks.callAsync('race', 'x').then((r) => {
          result = r;
        });
        await flush();
        expect(started).toEqual(['slow', 'b', 'c']);
        // 'b' answered already, but 'slow' comes first and has not settled.
        expect(result).toBe('pending');
        slow.resolve(undefined);
        await call;
        expect(result).toBe('b');
      });

      it('settles as soon as the first in order answers, without waiting for the rest', async () => {
        const hooks = on(make());
        const never = deferred<string>();
        hooks.register({ race: async () => 'a' }, { name: 'a' });
        hooks.register({ race: () => never.promise }, { name: 'b' });
        expect(await hooks.callAsync('race', 'x')).toBe('a');
        never.reject(new Error('late')); // after the answer: silenced, not an unhandled rejection
        await flush();
      });

      it('rejects with a failure that comes before any answer, and resolves undefined when none answers', async () => {
        const hooks = on(make());
        const boom = new Error('boom');
        hooks.register({ race: async () => undefined }, { name: 'quiet' });
        hooks.register(
          {
            race: async () => {
              throw boom;
            },
          },
          { name: 'bad' },
        );
        hooks.register({ race: async () => 'c' }, { name: 'c' });
        await expect(hooks.callAsync('race', 'x')).rejects.toBe(boom);
        hooks.unregister('bad');
        hooks.unregister('c');
        expect(await hooks.callAsync('race', 'x')).toBeUndefined();
      });
    });
  }

  it("is refused by call(), and under 'collect' skips failures", async () => {
    const hooks = make();
    expect(thrown(() => (hooks.call as (name: string) => unknown)('race'))).toBeInstanceOf(ParallelSyncCallError);
    hooks.register(
      {
        race: async () => {
          throw new Error('boom');
        },
      },
      { name: 'bad' },
    );
    hooks.register({ race: async () => 'ok' }, { name: 'ok' });
    const { result, errors } = await hooks.with({ errors: 'collect' }).callAsync('race', 'x');
    expect(result).toBe('ok');
    expect(errors.map((e) => e.plugin)).toEqual(['bad']);
  });
});

describe('which plugin failed, under the default throw policy', () => {
  for (const path of callPaths) {
    describe(`on the ${path} path`, () => {
      const on = onPath(path);

      it('rethrows the original error, and hooks.pluginOf(error) names the plugin', async () => {
        const hooks = on(make());
        const boom = new Error('boom');
        hooks.register({ resolve: () => undefined, race: async () => undefined }, { name: 'fine' });
        hooks.register(
          {
            resolve: () => {
              throw boom;
            },
            race: async () => {
              throw boom;
            },
          },
          { name: 'broken' },
        );
        expect(thrown(() => hooks.call('resolve', 'x'))).toBe(boom);
        expect(hooks.pluginOf(boom)).toBe('broken');
        const again = new Error('async');
        hooks.unregister('broken');
        hooks.register(
          {
            build: async () => {
              throw again;
            },
          } as never,
          { name: 'async' },
        );
        await expect(hooks.callAsync('build', [])).rejects.toBe(again);
        expect(hooks.pluginOf(again)).toBe('async');
        const parallel = new Error('parallel');
        hooks.register(
          {
            race: () => {
              throw parallel;
            },
          },
          { name: 'sync-throw' },
        );
        await expect(hooks.callAsync('race', 'x')).rejects.toBe(parallel);
        expect(hooks.pluginOf(parallel)).toBe('sync-throw');
      });
    });
  }

  it('names the plugin that threw, not a wrapper that rethrew, and only for its own hooks object', () => {
    const hooks = make();
    const boom = new Error('boom');
    hooks.register({ resolve: wrap((next) => next()) }, { name: 'wrapper' });
    hooks.register(
      {
        resolve: () => {
          throw boom;
        },
      },
      { name: 'inner' },
    );
    expect(thrown(() => hooks.call('resolve', 'x'))).toBe(boom);
    expect(hooks.pluginOf(boom)).toBe('inner');
    expect(make().pluginOf(boom)).toBeUndefined();
    expect(hooks.pluginOf(new Error('other'))).toBeUndefined();
    expect(hooks.pluginOf('a string')).toBeUndefined();
  });
});

describe('registerAll with plugins from a group', () => {
  let host: string;
  beforeAll(() => {
    const parent = tempDir('hooks-group');
    const plugin = (name: string, code: string) =>
      writePackage(parent, {
        name,
        type: 'module',
        exports: './index.js',
        entryPoints: { 'app.hooks': { [name]: '.:plugin' } },
        files: { 'index.js': code },
      });
    host = installHost({
      name: 'app',
      install: [
        { tarball: plugin('html-good', "export const plugin = { transformHtml: (html) => html + '!' };\n") },
        { tarball: plugin('html-typo', 'export const plugin = { transformHTML: (html) => html.toUpperCase() };\n') },
      ],
    });
  });

  it('collects by default: one bad third-party plugin is skipped, named by its package.json, with the near hook', async () => {
    const hooks = make();
    const { plugins } = await defineGroup<Partial<H>>('app.hooks', { cwd: host }).loadAll();
    expect(plugins.map((p) => p.name).sort()).toEqual(['html-good', 'html-typo']);
    const registered = hooks.registerAll(plugins);
    expect(hooks.registered()).toEqual(['html-good']);
    expect(hooks.call('transformHtml', 'hi')).toBe('hi!');
    expect(registered.errors).toHaveLength(1);
    const [error] = registered.errors;
    expect(error).toBeInstanceOf(UnknownHookError);
    const manifest = join(realpathSync(join(host, 'node_modules/html-typo')), 'package.json');
    expect(error).toMatchObject({
      code: 'unknown-hook',
      plugin: 'html-typo',
      hook: 'transformHTML',
      suggestion: 'transformHtml',
      package: 'html-typo',
    });
    expect(realpathSync(error!.path!)).toBe(manifest);
    expect(error!.message).toContain("entry point 'html-typo' in group 'app.hooks' of html-typo (");
    expect(error!.message).toContain("implements hook 'transformHTML', which the host does not declare");
    expect(error!.message).toContain("did you mean 'transformHtml'?");
    registered();
    expect(hooks.registered()).toEqual([]);
  });

  it("with errors: 'throw', undoes everything and throws the first failure", async () => {
    const hooks = make();
    const { plugins } = await defineGroup<Partial<H>>('app.hooks', { cwd: host }).loadAll();
    const sorted = [...plugins].sort((a, b) => a.name.localeCompare(b.name));
    expect(() => hooks.registerAll(sorted, { errors: 'throw' })).toThrow(UnknownHookError);
    expect(hooks.registered()).toEqual([]);
  });

  it('reports a plugin object whose property read throws as invalid-plugin, with the cause', () => {
    const hooks = make();
    const cause = new Error('getter');
    const evil = Object.defineProperty({}, 'build', {
      enumerable: true,
      get() {
        throw cause;
      },
    });
    const { errors } = hooks.registerAll([{ name: 'evil', plugin: evil }]);
    expect(errors[0]).toMatchObject({ code: 'invalid-plugin', plugin: 'evil', cause });
  });
});
