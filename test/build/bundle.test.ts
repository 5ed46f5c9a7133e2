/**
 * The published bundle that `import 'plugboard'` loads (dist/index.js and its chunk). Built by
 * `npm run build`, which `npm test` runs first.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/fixtures.js';

const dist = join(repoRoot, 'dist');
/** Every file of dist/ that `import` of `entry` parses: the entry and the chunks it imports, transitively. */
function loadedBy(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const [, spec] of text.matchAll(
      /^(?:import|export)\b[^;]*?from\s*"(\.[^"]+)";?$|^import\s*"(\.[^"]+)";?$/gms,
    )) {
      if (spec) visit(relative(dist, join(dist, dirname(file), spec)));
    }
    for (const [, spec] of text.matchAll(/^import\s*"(\.[^"]+)";?$/gm))
      visit(relative(dist, join(dist, dirname(file), spec!)));
  };
  visit(entry);
  return [...seen];
}
const bundle = loadedBy('index.js');

describe('the bundle a host imports', () => {
  test.each(bundle)('%s is pure ASCII (one non-ASCII character makes V8 keep the whole source as two-byte)', (file) => {
    const text = readFileSync(join(dist, file), 'utf8');
    const at = text.search(/[^\t\n\r -~]/);
    const line = at === -1 ? '' : text.slice(0, at).split('\n').length;
    expect(at === -1 ? 'ascii' : `non-ASCII at ${file}:${line}: ${text.slice(Math.max(0, at - 40), at + 10)}`).toBe(
      'ascii',
    );
  });

  test.each(bundle)(
    '%s imports no built-in statically but path and url (docs/performance.md: node:fs costs 7.6 M instructions)',
    (file) => {
      const builtins = [
        ...readFileSync(join(dist, file), 'utf8').matchAll(/^import .* from "(node:[a-z_/]+)";$/gm),
      ].map((m) => m[1]);
      expect(builtins.filter((b) => b !== 'node:path' && b !== 'node:url')).toEqual([]);
    },
  );
});
