/**
 * The runtime the generated modules import, on its own: the collection has `EntryPoints`' API,
 * and loading fails with the same codes as in Node (`import-failed`, `attribute-missing`,
 * `not-found`, `contract-failed`), each naming the entry and its package. The thunks stand in for
 * the bundler's `import()`; test/bundler/build.test.ts runs the same code in real bundles.
 */
import { describe, expect, test } from 'vitest';
import { EntryPoints } from '../../src/index.js';
import { collection, loadAll, loadNamed, type Row } from '../../src/bundler/runtime.js';

const rows: Row[] = [
  ['a', './a:plugin', 'pkg-a', '1.0.0', async () => ({ plugin: { ok: 'a' } })],
  ['b', '.', 'pkg-b', '2.0.0', async () => ({ default: { ok: 'b' } }), { label: 'B' }],
  ['c', './c:missing', '@scope/pkg-c', '1.0.0', async () => ({ other: 1 }), undefined, '../packages/c'],
  [
    'd',
    '.',
    'pkg-d',
    '1.0.0',
    async () => {
      throw new TypeError('boom');
    },
  ],
];
const plugins = collection('g', rows);
const schema = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (value: unknown) =>
      typeof (value as { ok?: unknown })?.ok === 'string' ? { value } : { issues: [{ message: 'no ok' }] },
  },
};

describe('the bundle runtime', () => {
  test("a collection is an EntryPoints: names, get(), select() and each entry's fields", () => {
    expect(plugins).toBeInstanceOf(EntryPoints);
    expect(plugins.names).toEqual(['a', 'b', 'c', 'd']);
    expect(plugins.groups).toEqual(['g']);
    const b = plugins.get('b');
    expect([b.group, b.name, b.value, b.module, b.attr, b.meta]).toEqual([
      'g',
      'b',
      '.',
      '.',
      undefined,
      { label: 'B' },
    ]);
    expect(b.package).toMatchObject({ name: 'pkg-b', version: '2.0.0', dir: 'node_modules/pkg-b' });
    expect(plugins.get('c').package.dir).toBe('../packages/c');
    expect(plugins.select({ package: 'pkg-a' }).names).toEqual(['a']);
    expect(plugins.select({ package: 'pkg-a' })).toBeInstanceOf(EntryPoints);
    expect(() => plugins.get('zz')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  test('load() runs the thunk once, and follows the attribute path', async () => {
    let calls = 0;
    const once = collection('g', [
      [
        'x',
        '.:a.b',
        'x',
        '1.0.0',
        async () => {
          calls++;
          return { a: { b: 42 } };
        },
      ],
    ]).get('x');
    expect(await once.load()).toBe(42);
    expect(await once.load()).toBe(42);
    expect(calls).toBe(1);
  });

  test('loadAll() gives { plugins, errors } with coded errors naming the entry and the package', async () => {
    const { plugins: loaded, errors } = await loadAll(plugins, { schema });
    expect(loaded.map((p) => [p.name, p.plugin])).toEqual([
      ['a', { ok: 'a' }],
      ['b', { ok: 'b' }],
    ]);
    expect(errors.map((e) => [e.code, e.entryName, e.package])).toEqual([
      ['attribute-missing', 'c', '@scope/pkg-c'],
      ['import-failed', 'd', 'pkg-d'],
    ]);
    expect(errors[0]!.message).toBe(
      "entry point 'c' in group 'g' of @scope/pkg-c (../packages/c/package.json): @scope/pkg-c/c has no export 'missing' (it has: other)",
    );
    expect(errors[1]!.message).toContain('importing pkg-d threw: TypeError: boom');
  });

  test("loadNamed() loads only the names given, a missing one is 'not-found', and a contract failure is coded", async () => {
    const fetched: string[] = [];
    const fetching = (name: string, namespace: object) => async () => {
      fetched.push(name);
      return namespace;
    };
    const spy = collection('g', [
      ['good', '.', 'good', '1.0.0', fetching('good', { default: { ok: 'yes' } })],
      ['bad', '.', 'bad', '1.0.0', fetching('bad', { default: { ok: 1 } })],
      ['never', '.', 'never', '1.0.0', fetching('never', {})],
    ]);
    const { plugins: loaded, errors } = await loadNamed(spy, ['bad', 'good', 'nope'], { schema });
    expect(fetched).toEqual(['bad', 'good']);
    expect(loaded.map((p) => p.name)).toEqual(['good']);
    expect(errors.map((e) => [e.code, e.entryName])).toEqual([
      ['contract-failed', 'bad'],
      ['not-found', 'nope'],
    ]);
    await expect(loadNamed(spy, ['bad'], { schema, onError: 'throw' })).rejects.toMatchObject({
      code: 'contract-failed',
    });
  });
});
