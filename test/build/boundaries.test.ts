/**
 * The folder boundaries of src/ (.dependency-cruiser.cjs), which `npm run lint:deps` checks on the
 * real tree in `npm test`. Here each rule is shown to fire on a small tree that breaks it, so a rule
 * that stopped matching anything (a typo in a path pattern) fails a test instead of passing quietly.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, tempDir } from '../support/fixtures.js';

function cruise(files: Record<string, string>): string {
  const dir = tempDir('cruise');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  copyFileSync(join(repoRoot, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  try {
    execFileSync(
      process.execPath,
      [
        join(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        'src',
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'err',
      ],
      { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
    );
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

const clean = {
  'src/core/index.ts': "export { word } from './word.js';\n",
  'src/core/word.ts': "export const word = 'w';\n",
  'src/discovery/index.ts': "export { find } from './find.js';\n",
  'src/discovery/find.ts': "import { word } from '../core/index.js';\nexport const find = () => word;\n",
  'src/index.ts': "export { find } from './discovery/index.js';\n",
};

describe('the folder boundaries', () => {
  test('a tree that keeps them passes', () => {
    expect(cruise(clean)).toBe('');
  });

  test.each([
    ['no-cycles', { 'src/core/a.ts': "import './b.js';\n", 'src/core/b.ts': "import './a.js';\n" }],
    [
      'no-reaching-into-folders',
      { 'src/discovery/x.ts': "import { word } from '../core/word.js';\nexport { word };\n" },
    ],
    ['entries-import-folder-faces', { 'src/tools.ts': "export { find } from './discovery/find.js';\n" }],
    ['layers-core', { 'src/core/up.ts': "import { find } from '../discovery/index.js';\nexport { find };\n" }],
    ['layers-hooks', { 'src/hooks/index.ts': "import { find } from '../discovery/index.js';\nexport { find };\n" }],
    ['runs-anywhere', { 'src/hooks/index.ts': "import { join } from 'node:path';\nexport { join };\n" }],
  ])('%s fires on a tree that breaks it', (rule, files) => {
    expect(cruise({ ...clean, ...files })).toContain(`error ${rule}:`);
  });
});
