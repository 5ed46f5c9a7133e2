/**
 * Issue 15: sorting by `meta` used to mean `discover()`, sort, `loadNamed(names)`, which drops the
 * refused entries (`discover()` holds only accepted ones). `loadAll({ order })` sorts every job,
 * refusals included, so each stays in `errors` at its place.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup } from '../../src/index.js';
import { installHost, tempDir, writePackage } from '../support/fixtures.js';

const GROUP = 'ord.plugins';
let host: string;
beforeAll(() => {
  const plugin = writePackage(tempDir('ord-src'), {
    name: 'ord-plugins',
    type: 'module',
    entryPoints: {
      [GROUP]: {
        alpha: { value: './index.js:alpha', meta: { priority: 3 } },
        beta: { value: './index.js:beta', meta: { priority: 1 } },
        gamma: { value: './index.js:gamma', meta: { priority: 2 } },
        delta: './index.js:delta',
        eps: { value: './index.js:eps', meta: { priority: 'late' } },
      },
    },
    files: {
      'index.js': "export const alpha = 'a', beta = 'b', gamma = 'g', delta = 'd', eps = 'e';\n",
    },
  });
  host = installHost({ install: [{ tarball: plugin }] });
});

describe('loadAll({ order })', () => {
  test('{ meta } sorts numbers, then strings, then entries without it, and keeps the refusal in errors', async () => {
    const group = defineGroup<string>(GROUP, { cwd: host, block: ['beta'] });
    const { plugins, errors } = await group.loadAll({ order: { meta: 'priority' } });
    expect(plugins.map((p) => p.name)).toEqual(['gamma', 'alpha', 'eps', 'delta']);
    expect(errors.map((e) => [e.code, e.entryName])).toEqual([['blocked', 'beta']]);
  });

  test('a comparator decides the order; without one, discovery order', async () => {
    const group = defineGroup<string>(GROUP, { cwd: host, block: ['gamma'] });
    const reversed = await group.loadAll({ order: (a, b) => b.name.localeCompare(a.name) });
    expect(reversed.plugins.map((p) => p.name)).toEqual(['eps', 'delta', 'beta', 'alpha']);
    expect(reversed.errors.map((e) => e.entryName)).toEqual(['gamma']);
    const plain = await group.loadAll();
    expect(plain.plugins.map((p) => p.name)).toEqual(['alpha', 'beta', 'delta', 'eps']);
  });

  test('an order that is neither is a TypeError', async () => {
    const group = defineGroup(GROUP, { cwd: host });
    await expect(group.loadAll({ order: 'priority' as never })).rejects.toThrow(TypeError);
  });
});
