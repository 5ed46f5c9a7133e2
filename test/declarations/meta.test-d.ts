import { describe, expectTypeOf, test } from 'vitest';
import * as z from 'zod';
// The built entry, as a host imports it: the types under test are the published .d.ts files.
import { defineGroup, type EntryPoint, type LoadedPlugin } from 'plugboard';

const Transformer = z.object({ transform: z.custom<(md: string) => string>((f) => typeof f === 'function') });
const Meta = z.object({ order: z.number(), label: z.string().optional() });

describe('the meta option types ep.meta', () => {
  test('with a schema for the plugin and one for meta', async () => {
    const group = defineGroup('mdgen.transformers', { schema: Transformer, meta: Meta });
    const { plugins } = await group.loadAll();
    expectTypeOf(plugins[0]!.entryPoint.meta).toEqualTypeOf<{ order: number; label?: string | undefined }>();
    expectTypeOf(plugins[0]!.plugin.transform).toEqualTypeOf<(md: string) => string>();
  });

  test('with a declared plugin type and a meta schema', async () => {
    const group = defineGroup<{ run(): void }, typeof Meta>('g', { meta: Meta });
    const { plugins } = await group.loadNamed(['a']);
    expectTypeOf(plugins[0]!.entryPoint.meta.order).toEqualTypeOf<number>();
  });

  test('without a meta schema, entry points stay plain EntryPoints', async () => {
    const { plugins } = await defineGroup('g', { schema: Transformer }).loadAll();
    expectTypeOf(plugins[0]!.entryPoint).toEqualTypeOf<EntryPoint>();
    expectTypeOf(plugins).toEqualTypeOf<LoadedPlugin<{ transform: (md: string) => string }>[]>();
  });

  test('meta must be a Standard Schema', () => {
    // @ts-expect-error a JSON Schema belongs in the host's package.json, not in the meta option
    defineGroup('g', { meta: { type: 'object' } });
  });
});
