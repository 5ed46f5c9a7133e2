/**
 * The published bundle that `import 'plugboard'` loads (dist/index.js and its chunk). Built by
 * `npm run build`, which `npm test` runs first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadedBy } from '../support/dist.js';
import { repoRoot } from '../support/fixtures.js';

const dist = join(repoRoot, 'dist');
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
