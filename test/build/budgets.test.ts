/**
 * Byte budgets, as hookable keeps one: what `import` of each entry makes a host parse (the entry and
 * every chunk it imports, as built by `npm run build`, unminified). Import time is a feature, so an
 * entry that grows past its budget fails here and the budget is raised on purpose, in review, or
 * the growth is cut. Set from the sizes after the entries were split (docs/performance.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dist, loadedBy } from '../support/dist.js';

/** Bytes per entry. */
const budgets: Record<string, number> = {
  // Discovery and groups: 107 KB before the split (hooks included), 73 KB after.
  'index.js': 82_000,
  // The hooks alone, with core's error base: 41 KB.
  'hooks/index.js': 48_000,
  // The tools reach discovery and groups too.
  'tools/index.js': 118_000,
  // The bundler plugin runs at build time, in Node: discovery and groups, and the plugin (unplugin
  // itself is a dependency, not counted). 85 KB when it was added.
  'bundler/index.js': 94_000,
  // What every bundle that imports `virtual:plugboard/<group>` carries, before minifying (about 4 KB
  // minified): the collection, the loading errors, the group's loader. 13 KB when it was added.
  'bundler/runtime.js': 16_000,
};

describe('byte budgets', () => {
  test.each(Object.entries(budgets))('import of dist/%s parses at most %i bytes', (entry, budget) => {
    const files = loadedBy(entry);
    const bytes = files.reduce((sum, file) => sum + readFileSync(join(dist, file)).length, 0);
    expect({ entry, bytes, files: files.length, over: bytes > budget ? bytes - budget : 0 }).toMatchObject({ over: 0 });
  });

  test('the bundler runtime is one file with no Node built-in and no import (it ships to browsers)', () => {
    expect(loadedBy('bundler/runtime.js')).toEqual(['bundler/runtime.js']);
    expect(readFileSync(join(dist, 'bundler/runtime.js'), 'utf8')).not.toMatch(
      /from "node:|process\.getBuiltinModule|\bimport\s*["'{*]/,
    );
  });

  test('the hooks entry shares no chunk that reaches discovery', () => {
    const hooks = new Set(loadedBy('hooks/index.js'));
    const discovery = loadedBy('index.js').filter((f) => f !== 'index.js' && !hooks.has(f));
    // Everything the hooks load, the main entry either shares (core's error base) or never loads;
    // and none of what the hooks load is a Node-only chunk.
    for (const file of hooks) {
      expect(readFileSync(join(dist, file), 'utf8')).not.toMatch(/from "node:|process\.getBuiltinModule/);
    }
    expect(discovery.length).toBeGreaterThan(0);
  });
});
