import * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import * as z from 'zod';
// The built entry, as a host imports it (a self-reference to dist/, which npm test builds first):
// the types under test are the published .d.ts files, not the sources.
import {
  defineGroup,
  type EntryPoint,
  type EntryPoints,
  type ErrorCode,
  type Group,
  type LoadAllOptions,
  type LoadedPlugin,
  type PluginError,
} from 'plugboard';

interface Formatter {
  extensions: string[];
  format(source: string): string;
}
const ZodFormatter = z.object({
  extensions: z.array(z.string()),
  format: z.custom<(source: string) => string>((f) => typeof f === 'function'),
});

describe('typed from the schema', () => {
  test('zod: loadAll() and load() are typed from the schema', () => {
    const group = defineGroup('app.formatters', { schema: ZodFormatter });
    expectTypeOf(group.loadAll()).resolves.toEqualTypeOf<{
      readonly plugins: LoadedPlugin<{ extensions: string[]; format: (source: string) => string }>[];
      readonly errors: PluginError[];
    }>();
    expectTypeOf(group.load('x')).resolves.toEqualTypeOf<{
      extensions: string[];
      format: (source: string) => string;
    }>();
    expectTypeOf(group.load('x')).resolves.toExtend<Formatter>();
    expectTypeOf(group.discover()).toEqualTypeOf<EntryPoints>();
  });

  test('valibot works the same way', () => {
    const group = defineGroup('app.formatters', {
      schema: v.object({ name: v.string(), level: v.optional(v.number(), 1) }),
    });
    expectTypeOf(group.load('x')).resolves.toEqualTypeOf<{ name: string; level: number }>();
  });

  test('the plugin of a loaded entry is the schema output', async () => {
    const { plugins, errors } = await defineGroup('app.formatters', { schema: ZodFormatter }).loadAll();
    expectTypeOf(plugins[0]!.plugin.format).toEqualTypeOf<(source: string) => string>();
    expectTypeOf(plugins[0]!.name).toEqualTypeOf<string>();
    expectTypeOf(errors[0]!.code).toEqualTypeOf<ErrorCode>();
    // @ts-expect-error a misspelt code is not a code
    if (errors[0]!.code === 'contract-faild') throw new Error('unreachable');
    expectTypeOf(errors[0]!.entryName).toEqualTypeOf<string>();
  });

  test('without a schema, T is declared, or unknown', () => {
    expectTypeOf(defineGroup<Formatter>('app.formatters')).toEqualTypeOf<Group<Formatter>>();
    expectTypeOf(defineGroup('app.formatters').load('x')).resolves.toBeUnknown();
  });

  test('a schema that disagrees with the declared type is a type error', () => {
    // @ts-expect-error the schema's output has no `format`
    defineGroup<Formatter>('app.formatters', { schema: z.object({ extensions: z.array(z.string()) }) });
  });
});

describe('invoke', () => {
  type Factory = (options: { root: string }) => Formatter;
  class Reporter {
    constructor(readonly level: number) {}
  }

  test('the plugin is what the factory returns, or the class constructs', () => {
    expectTypeOf(defineGroup<Factory>('g', { invoke: [{ root: '/' }] })).toEqualTypeOf<Group<Formatter>>();
    expectTypeOf(defineGroup<typeof Reporter>('g', { invoke: [3] }).load('x')).resolves.toEqualTypeOf<Reporter>();
    expectTypeOf(
      defineGroup<(n: number) => Promise<Formatter>>('g', { invoke: [1] }).load('x'),
    ).resolves.toEqualTypeOf<Formatter>();
  });

  test('a factory schema types invoke too', () => {
    const factory = z.custom<Factory>((f) => typeof f === 'function');
    expectTypeOf(
      defineGroup('g', { schema: factory, invoke: [{ root: '.' }] }).load('x'),
    ).resolves.toEqualTypeOf<Formatter>();
    // @ts-expect-error the factory takes { root: string }
    defineGroup('g', { schema: factory, invoke: [42] });
  });

  test('a wrong invoke is a type error', () => {
    // @ts-expect-error the factory takes { root: string }, not a number
    defineGroup<Factory>('g', { invoke: [42] });
    // @ts-expect-error the factory needs one argument
    defineGroup<Factory>('g', { invoke: [] });
    // @ts-expect-error the class takes a number
    defineGroup<typeof Reporter>('g', { invoke: ['loud'] });
    // @ts-expect-error a plain object cannot be invoked
    defineGroup<Formatter>('g', { invoke: [] });
    // @ts-expect-error the schema's output is not callable
    defineGroup('g', { schema: ZodFormatter, invoke: [{ root: '/' }] });
  });

  test('a union of object and factory: invoke is typed from the factory, the plugin is either result', () => {
    const group = defineGroup<Formatter | Factory>('g', { invoke: [{ root: '/' }] });
    expectTypeOf(group.load('x')).resolves.toEqualTypeOf<Formatter>();
  });
});

describe('options', () => {
  test('policies take their documented values only', () => {
    defineGroup('g', {
      conflicts: 'first',
      trust: 'dependencies',
      onError: 'throw',
      allow: ['a'],
      block: ['b'],
      timeout: 500,
      cwd: '.',
      paths: ['x'],
    });
    // @ts-expect-error not a conflicts policy
    defineGroup('g', { conflicts: 'newest' });
    // @ts-expect-error not a trust level
    defineGroup('g', { trust: 'everything' });
    // @ts-expect-error not an onError mode
    defineGroup('g', { onError: 'ignore' });
  });
});

describe('the host and the load order', () => {
  test('host() names the host package.json; loadAll takes an order', () => {
    const group = defineGroup<Formatter>('my-app.formatters');
    expectTypeOf(group.host()).toEqualTypeOf<
      | {
          readonly name: string;
          readonly version: string;
          readonly manifestPath: string | undefined;
          readonly problem?: string;
        }
      | undefined
    >();
    expectTypeOf(group.loadAll).parameter(0).toEqualTypeOf<LoadAllOptions | undefined>();
    group.loadAll({ order: { meta: 'priority' } });
    group.loadAll({ order: (a: EntryPoint, b: EntryPoint) => a.name.localeCompare(b.name) });
    // @ts-expect-error an order is a comparator or { meta }
    group.loadAll({ order: 'priority' });
  });
});
