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

/**
 * Bytes per entry, each a little above its size when it was set. Before the entries were split,
 * `import 'plugboard'` parsed 107 KB (hooks included) and the hooks alone bundled to 37 KB. The
 * split took `plugboard` to 73 KB; the hardening of issue 15 (the one package.json reader, the
 * index's trust checks) and the failure reasons of issue 14 brought it to 87.7 KB. The hooks grew
 * to 54.8 KB with the peers' capabilities (unregister, block, ordered(), with(), parallel-first,
 * pluginOf(), registerAll collecting).
 */
const budgets: Record<string, number> = {
  // Then the host/project roles and the group declarations (issue 16) took it to 106 KB.
  'index.js': 108_000,
  'hooks/index.js': 56_000,
  // The tools reach discovery and groups too.
  'tools/index.js': 172_000,
  // The bundler plugin runs at build time, in Node: discovery and groups, and the plugin (unplugin
  // itself is a dependency, not counted). 85 KB when it was added.
  'bundler/index.js': 124_000,
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

describe('isolation is paid for only when a group isolates', () => {
  /** The chunk `import('../isolate/index.js')` in the group's load path became. */
  const isolateChunk = (): string => {
    for (const file of loadedBy('index.js')) {
      const lazy = /import\("\.\/(isolate-[^"]+\.js)"\)/.exec(readFileSync(join(dist, file), 'utf8'));
      if (lazy) return lazy[1]!;
    }
    throw new Error('no file that index.js loads imports the isolate chunk lazily');
  };

  test.each(['index.js', 'tools/index.js', 'cli/main.js'])(
    'import of dist/%s does not parse the isolate code',
    (entry) => {
      expect(loadedBy(entry)).not.toContain(isolateChunk());
      for (const file of loadedBy(entry)) {
        expect(readFileSync(join(dist, file), 'utf8')).not.toMatch(/class Supervisor|node:worker_threads/);
      }
    },
  );

  test("the host side of isolation parses at most 40 KB more; each isolate's runner at most 10 KB", () => {
    const main = new Set(loadedBy('index.js'));
    const extra = loadedBy(isolateChunk()).filter((file) => !main.has(file));
    const bytes = (files: string[]) => files.reduce((sum, file) => sum + readFileSync(join(dist, file)).length, 0);
    expect({ bytes: bytes(extra), over: Math.max(0, bytes(extra) - 40_000) }).toMatchObject({ over: 0 });
    const runner = loadedBy('isolate/runner.js');
    expect({ bytes: bytes(runner), over: Math.max(0, bytes(runner) - 10_000) }).toMatchObject({ over: 0 });
  });
});
