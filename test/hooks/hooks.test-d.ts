// Type-level contract of the hooks: run by vitest's typecheck mode. Every `@ts-expect-error` below
// is a mistake that must not compile; if one ever compiles, tsc reports the unused directive.
// Imported from the package's own name, so the types checked are the built .d.ts files a user
// gets (dist/, through the exports map; `npm test` builds first), not src/.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AsyncWrapper,
  type HookCaller,
  type HookCallInfo,
  type HookCallOutcome,
  type MonitorErrorInfo,
  type PlugboardError,
  type RegisteredAll,
  type RegisterError,
  type SyncWrapper,
  type Collected,
  createHooks,
  type HookCallError,
  type HookImplementation,
  type HookImpls,
  type Hooks,
  type Unregister,
  type WrapperNext,
  wrap,
  ordered,
  wrapAsync,
} from 'plugboard/hooks';
import type { LoadedPlugin } from 'plugboard';

interface Ctx {
  id: number;
}
interface BuildHooks {
  build(ctx: Ctx): void;
  resolve(id: string, importer?: string): string | undefined;
  transform(code: string, id: string): string;
  load(id: string): Promise<string | undefined>;
  init(ctx: Ctx): Promise<number>;
}
const spec = {
  build: { kind: 'series' },
  resolve: { kind: 'first', required: true },
  transform: { kind: 'waterfall' },
  load: { kind: 'first' },
  init: { kind: 'parallel', historic: true },
} as const;
const hooks = createHooks<BuildHooks>()(spec);
const ctx: Ctx = { id: 1 };
/** `void`, named so the lint does not mistake it for a return-type `void`. */
type Nothing = ReturnType<BuildHooks['build']>;

describe('call()', () => {
  it('types each result by kind', () => {
    expectTypeOf(hooks.call('build', ctx)).toEqualTypeOf<Nothing[]>();
    expectTypeOf(hooks.call('resolve', 'x')).toEqualTypeOf<string | undefined>();
    expectTypeOf(hooks.call('resolve', 'x', 'importer')).toEqualTypeOf<string | undefined>();
    expectTypeOf(hooks.call('transform', 'code', 'id')).toEqualTypeOf<string>();
  });

  it('rejects wrong arguments', () => {
    // @ts-expect-error ctx must be a Ctx
    hooks.call('build', { id: 'one' });
    // @ts-expect-error missing argument
    hooks.call('transform', 'code');
    // @ts-expect-error too many arguments
    hooks.call('resolve', 'x', 'y', 'z');
    // @ts-expect-error wrong type
    hooks.call('resolve', 42);
  });

  it('rejects unknown hooks', () => {
    // @ts-expect-error not a hook
    hooks.call('biuld', ctx);
    // @ts-expect-error not a hook
    hooks.callAsync('nope');
  });

  it('rejects a wrong result type', () => {
    // @ts-expect-error series returns an array
    const single: Nothing = hooks.call('build', ctx);
    // @ts-expect-error first may return undefined
    const sure: string = hooks.call('resolve', 'x');
    // @ts-expect-error waterfall returns its first argument's type
    const n: number = hooks.call('transform', 'a', 'b');
    void [single, sure, n];
  });

  it('refuses parallel hooks and hooks declared to return a promise', () => {
    // @ts-expect-error parallel hooks are async only
    hooks.call('init', ctx);
    // @ts-expect-error `load` returns a promise: use callAsync
    hooks.call('load', 'x');
  });
});

describe('callAsync()', () => {
  it('types each result by kind, awaited', () => {
    expectTypeOf(hooks.callAsync('build', ctx)).toEqualTypeOf<Promise<Nothing[]>>();
    expectTypeOf(hooks.callAsync('resolve', 'x')).toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(hooks.callAsync('transform', 'c', 'i')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(hooks.callAsync('load', 'x')).toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(hooks.callAsync('init', ctx)).toEqualTypeOf<Promise<number[]>>();
  });

  it('rejects wrong arguments', () => {
    // @ts-expect-error ctx must be a Ctx
    hooks.callAsync('init', 'ctx');
  });
});

describe('with({ errors })', () => {
  it("wraps results in Collected under 'collect'", () => {
    const c = hooks.with({ errors: 'collect' });
    expectTypeOf(c.call('transform', 'a', 'b')).toEqualTypeOf<Collected<string>>();
    expectTypeOf(c.callAsync('init', ctx)).toEqualTypeOf<Promise<Collected<number[]>>>();
    expectTypeOf(c.call('build', ctx).errors).toEqualTypeOf<HookCallError[]>();
  });

  it("keeps plain results under 'throw'", () => {
    expectTypeOf(hooks.with({ errors: 'throw' }).call('transform', 'a', 'b')).toEqualTypeOf<string>();
    expectTypeOf(hooks.with({}).call('transform', 'a', 'b')).toEqualTypeOf<string>();
  });

  it('types a policy known only at run time as either result', () => {
    const policy = Math.random() > 0.5 ? ('collect' as const) : ('throw' as const);
    expectTypeOf(hooks.with({ errors: policy }).call('transform', 'a', 'b')).toEqualTypeOf<
      string | Collected<string>
    >();
    const options: { errors?: 'throw' | 'collect' } = {};
    expectTypeOf(hooks.with(options).callAsync('init', ctx)).toEqualTypeOf<Promise<number[] | Collected<number[]>>>();
  });
});

describe('register()', () => {
  it('accepts any subset of the hooks and types them from the interface', () => {
    const undo = hooks.register({
      transform: (code, id) => {
        expectTypeOf(code).toEqualTypeOf<string>();
        expectTypeOf(id).toEqualTypeOf<string>();
        return code;
      },
    });
    expectTypeOf(undo).toEqualTypeOf<Unregister>();
    expectTypeOf(undo.ready).toEqualTypeOf<Promise<void>>();
  });

  it('accepts a Partial of the interface', () => {
    const plugin: Partial<BuildHooks> = { resolve: () => undefined };
    hooks.register(plugin, { name: 'p', order: 'pre', before: ['q'], after: [] });
    hooks.registerAll([{ name: 'p', plugin }]);
  });

  it("registers a group's loaded plugins (the group's own LoadedPlugin, with its entryPoint)", () => {
    const loaded: LoadedPlugin<Partial<BuildHooks>>[] = [];
    expectTypeOf(hooks.registerAll(loaded)).toEqualTypeOf<RegisteredAll>();
    expectTypeOf(hooks.registerAll(loaded)).toMatchTypeOf<Unregister>();
    hooks.registerAll(loaded, {
      onError: (error) => expectTypeOf(error).toEqualTypeOf<RegisterError>(),
    });
    const wrong: LoadedPlugin<{ transform(code: number): string }>[] = [];
    // @ts-expect-error the plugins do not implement BuildHooks
    hooks.registerAll(wrong);
  });

  it('rejects wrong implementations and unknown hooks', () => {
    // @ts-expect-error transform must return a string
    hooks.register({ transform: () => 42 });
    // @ts-expect-error unknown hook in an object literal
    hooks.register({ biuld: () => {} });
    // @ts-expect-error not a function
    hooks.register({ build: 'yes' });
    // @ts-expect-error bad order
    hooks.register({}, { order: 'first' });
  });

  it('types wrappers from the hook they wrap', () => {
    hooks.register({
      build: wrap((next, c) => {
        expectTypeOf(c).toEqualTypeOf<Ctx>();
        expectTypeOf(next).toEqualTypeOf<WrapperNext<[ctx: Ctx], Nothing[]>>();
        expectTypeOf(next).returns.toEqualTypeOf<Nothing[]>();
        return next();
      }),
      transform: wrap((next) => next().toUpperCase()),
      init: wrapAsync(async (next, c) => {
        expectTypeOf(c).toEqualTypeOf<Ctx>();
        expectTypeOf(next).toEqualTypeOf<WrapperNext<[ctx: Ctx], Promise<number[]>>>();
        return (await next()).map((n) => n + 1);
      }),
    });
  });

  it("lets next() take no arguments or the hook's full parameter list", () => {
    hooks.register({
      build: wrap((next, c) => next({ id: c.id + 1 })),
      resolve: wrap((next, id) => next(id.toLowerCase()) ?? next(id, 'importer')),
      transform: wrap((next, code, id) => next(code.trim(), id)),
      load: wrapAsync(async (next, id) => (await next(`${id}?raw`)) ?? next()),
      init: wrapAsync((next, c) => next({ ...c })),
    });
  });

  it('types next() from the hook even when the wrapper declares fewer parameters', () => {
    hooks.register({
      transform: wrap((next, code) => {
        expectTypeOf(next).parameters.toEqualTypeOf<[] | [code: string, id: string]>();
        return next(code, 'other-id');
      }),
      resolve: wrap((next, id) => next(id, 'importer')),
    });
  });

  it('accepts a wrapper made apart from the hooks, checking its parameters and result where registered', () => {
    const transform = wrap((next, code: string, id: string) => `${next(code.trim(), id)}`);
    hooks.register({ transform });
    const wrong = wrap((next, code: number) => `${next()}${code}`);
    // @ts-expect-error transform's first argument is a string
    hooks.register({ transform: wrong });
  });

  it('rejects next() with wrong arguments', () => {
    hooks.register({
      // @ts-expect-error ctx must be a Ctx
      build: wrap((next) => next({ id: 'one' })),
    });
    hooks.register({
      // @ts-expect-error transform needs both code and id: a partial list is not allowed
      transform: wrap((next, code) => next(code)),
    });
    hooks.register({
      // @ts-expect-error too many arguments
      resolve: wrap((next, id) => next(id, undefined, 'extra')),
    });
    hooks.register({
      // @ts-expect-error load takes a string
      load: wrapAsync((next) => next(42)),
    });
  });

  it('rejects wrappers with the wrong result, and sync wrappers on async-only hooks', () => {
    // @ts-expect-error a transform wrapper must return a string
    hooks.register({ transform: wrap(() => 1) });
    // @ts-expect-error parallel hooks only run async wrappers
    hooks.register({ init: wrap((next) => next()) });
  });
});

describe('clearHistory()', () => {
  it('takes nothing, or the name of a hook', () => {
    expectTypeOf(hooks.clearHistory()).toEqualTypeOf<Nothing>();
    hooks.clearHistory('init');
    hooks.clearHistory('build');
    // @ts-expect-error not a hook
    hooks.clearHistory('biuld');
  });
});

describe('monitor()', () => {
  it('takes an optional onError with the failing callback and what it was given', () => {
    hooks.monitor({
      before: (info) => expectTypeOf(info.hook).toEqualTypeOf<string>(),
      onError: (error, info) => {
        expectTypeOf(error).toEqualTypeOf<unknown>();
        expectTypeOf(info.callback).toEqualTypeOf<'before' | 'after'>();
        expectTypeOf(info.call.plugin).toEqualTypeOf<string>();
      },
    });
    // @ts-expect-error onError is a function
    hooks.monitor({ onError: true });
  });
});

describe('createHooks()', () => {
  it('requires a spec entry for every hook, and no other', () => {
    interface Two {
      a(x: number): void;
      b(): void;
    }
    // @ts-expect-error missing b
    createHooks<Two>()({ a: { kind: 'series' } });
    // @ts-expect-error c is not a hook of Two
    createHooks<Two>()({ a: { kind: 'series' }, b: { kind: 'series' }, c: { kind: 'series' } });
    // @ts-expect-error not a kind
    createHooks<Two>()({ a: { kind: 'bail' }, b: { kind: 'series' } });
    // @ts-expect-error a waterfall needs a first argument to thread
    createHooks<Two>()({ a: { kind: 'series' }, b: { kind: 'waterfall' } });
    const ok = createHooks<Two>()({ a: { kind: 'waterfall' }, b: { kind: 'first', required: true } });
    expectTypeOf(ok.call('a', 1)).toEqualTypeOf<number>();
  });

  it('infers kinds without `as const` too', () => {
    const inline = createHooks<BuildHooks>()({
      build: { kind: 'series' },
      resolve: { kind: 'first' },
      transform: { kind: 'waterfall' },
      load: { kind: 'first' },
      init: { kind: 'parallel' },
    });
    expectTypeOf(inline.call('resolve', 'x')).toEqualTypeOf<string | undefined>();
    expectTypeOf(inline).toMatchTypeOf<Hooks<BuildHooks, typeof spec>>();
  });

  it('accepts historic: true or { limit }, and nothing else', () => {
    interface One {
      a(x: number): void;
    }
    createHooks<One>()({ a: { kind: 'series', historic: true } });
    createHooks<One>()({ a: { kind: 'series', historic: false } });
    const bounded = createHooks<One>()({ a: { kind: 'series', historic: { limit: 10 } } });
    expectTypeOf(bounded.call('a', 1)).toEqualTypeOf<Nothing[]>();
    // @ts-expect-error the limit is a number
    createHooks<One>()({ a: { kind: 'series', historic: { limit: '10' } } });
    // @ts-expect-error the limit is required in the object form
    createHooks<One>()({ a: { kind: 'series', historic: {} } });
    // @ts-expect-error a bare number is not a historic option
    createHooks<One>()({ a: { kind: 'series', historic: 10 } });
  });

  it('gives plugin authors a type to implement', () => {
    const plugin: HookImpls<BuildHooks, typeof spec> = {
      transform: (code) => code,
      load: wrapAsync((next) => next()),
    };
    hooks.register(plugin);
  });

  it('HookImpls<H> without the spec types plain implementations, and fits any hooks object for H', () => {
    const plain: HookImpls<BuildHooks> = { transform: (code) => code.trim() };
    hooks.register(plain);
    const other = createHooks<BuildHooks>()({ ...spec, transform: { kind: 'series' }, resolve: { kind: 'series' } });
    other.register(plain);
    // @ts-expect-error without the spec a wrapper's result is unknown: give the spec's type
    const wrapped: HookImpls<BuildHooks> = { transform: wrap((next) => next()) };
    expectTypeOf(wrapped).not.toBeAny();
  });
});

describe('results: false and handles', () => {
  const notifying = createHooks<BuildHooks>()({
    build: { kind: 'series', results: false },
    resolve: { kind: 'first' },
    transform: { kind: 'waterfall' },
    load: { kind: 'first' },
    init: { kind: 'parallel' },
  });

  it('refuses results on a kind other than series', () => {
    // @ts-expect-error results applies to series hooks only (invalid-hook-spec at run time)
    createHooks<BuildHooks>()({ ...spec, resolve: { kind: 'first', results: false } });
    // @ts-expect-error results applies to series hooks only
    createHooks<BuildHooks>()({ ...spec, transform: { kind: 'waterfall', results: true } });
    createHooks<BuildHooks>()({ ...spec, build: { kind: 'series', results: true } });
  });

  it('types a series declared results: false as returning undefined', () => {
    expectTypeOf(notifying.call('build', ctx)).toEqualTypeOf<undefined>();
    expectTypeOf(notifying.callAsync('build', ctx)).toEqualTypeOf<Promise<undefined>>();
    expectTypeOf(notifying.with({ errors: 'collect' }).call('build', ctx)).toEqualTypeOf<Collected<undefined>>();
    // A gathering series still returns its array.
    expectTypeOf(hooks.call('transform', 'code', 'a.js')).toEqualTypeOf<string>();
    expectTypeOf(hooks.call('build', ctx)).toBeArray();
  });

  it('types handles like the calls by name', () => {
    const transform = hooks.hook('transform');
    expectTypeOf(transform.name).toEqualTypeOf<'transform'>();
    expectTypeOf(transform.call('code', 'a.js')).toEqualTypeOf<string>();
    expectTypeOf(transform.callAsync('code', 'a.js')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(notifying.hook('build').call(ctx)).toEqualTypeOf<undefined>();
    // @ts-expect-error wrong argument type
    transform.call(1, 'a.js');
    // @ts-expect-error missing argument
    transform.call('code');
    // @ts-expect-error unknown hook
    hooks.hook('nope');
  });

  it('gives parallel and promise-returning hooks no sync call on their handle', () => {
    const init = hooks.hook('init');
    expectTypeOf(init.callAsync(ctx)).toEqualTypeOf<Promise<number[]>>();
    // @ts-expect-error parallel hooks cannot be called synchronously
    init.call(ctx);
    // @ts-expect-error load is declared to return a promise
    hooks.hook('load').call('x');
  });
});

describe('the types public signatures name are exported', () => {
  it('names what wrap(), wrapAsync(), with() and monitor() give and take', () => {
    const w = wrap((next: WrapperNext<[string, string], string>, code: string) => next() + code);
    expectTypeOf(w).toEqualTypeOf<SyncWrapper<[code: string], string, [string, string]>>();
    const wa = wrapAsync(async (next: WrapperNext<[Ctx], Promise<number>>) => next());
    expectTypeOf(wa).toEqualTypeOf<AsyncWrapper<[], number, [Ctx]>>();
    expectTypeOf(hooks.with({ errors: 'collect' })).toEqualTypeOf<HookCaller<BuildHooks, typeof spec, 'collect'>>();
    hooks.monitor({
      before: (info) => expectTypeOf(info).toEqualTypeOf<HookCallInfo>(),
      after: (outcome) => expectTypeOf(outcome).toEqualTypeOf<HookCallOutcome>(),
      onError: (_error, info) => expectTypeOf(info).toEqualTypeOf<MonitorErrorInfo>(),
    });
    expectTypeOf<HookCallError>().toMatchTypeOf<PlugboardError>();
  });
});

describe('issue 15 additions', () => {
  it('types parallel-first results and refuses it in call()', () => {
    const racing = createHooks<{ race(id: string): Promise<string | undefined> }>()({
      race: { kind: 'parallel-first' },
    });
    expectTypeOf(racing.callAsync('race', 'x')).toEqualTypeOf<Promise<string | undefined>>();
    // @ts-expect-error parallel-first hooks are async only
    racing.call('race', 'x');
  });

  it('types ordered() from where it is used, and with({ extra }) per hook', () => {
    hooks.register({ transform: ordered((code) => code.trim(), { order: 'pre' }) });
    // @ts-expect-error transform must return a string
    hooks.register({ transform: ordered(() => 1, { order: 'pre' }) });
    hooks.with({ exclude: ['a'], extra: { transform: [(code) => code] } }).call('transform', 'c', 'id');
    // @ts-expect-error an extra must fit the hook's signature
    hooks.with({ extra: { transform: [(code: number) => code] } });
    expectTypeOf(hooks.pluginOf(new Error())).toEqualTypeOf<string | undefined>();
    expectTypeOf(hooks.implementations('transform')).toEqualTypeOf<HookImplementation[]>();
  });
});
