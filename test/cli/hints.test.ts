/**
 * Issue 15: hints pointed to docs/spec.md, which the published package does not contain (its
 * "files" are dist and schema). What a user reads must point to something they have.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { doctor } from '../../src/tools/index.js';
import { installHost, repoRoot, tempDir, writePackage } from '../support/fixtures.js';

let host: string;
beforeAll(() => {
  const plugin = writePackage(tempDir('src'), {
    name: 'badly-named',
    type: 'module',
    entryPoints: { 'my plugins': { ok: './index.js' }, good: { 'bad name': './index.js' } },
    files: { 'index.js': 'export default 1;\n' },
  });
  host = installHost({ install: [{ tarball: plugin }] });
});

test("doctor's advice for a bad group or entry name says the rule, and names no file outside the package", () => {
  const findings = doctor({ cwd: host }).findings.filter(
    (f) => f.code === 'invalid-group' || f.code === 'invalid-name',
  );
  expect(findings.map((f) => f.code).sort()).toEqual(['invalid-group', 'invalid-name']);
  for (const f of findings) {
    expect(f.hint).not.toContain('docs/');
    expect(f.hint).toContain("a name starts with a letter, digit, '_' or '@'");
  }
});

test('no string a user reads (outside comments) points into docs/, which is not published', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  const hits = files(join(repoRoot, 'src')).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /['"`][^'"`]*docs\/[^'"`]*['"`]/.test(line))
      .map((line) => `${file}: ${line.trim()}`),
  );
  expect(hits).toEqual([]);
  const published = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).files as string[];
  expect(published).not.toContain('docs');
  // The schema ships; its descriptions must not send readers to docs/ either.
  expect(readFileSync(join(repoRoot, 'schema/entry-points.schema.json'), 'utf8')).not.toContain('docs/');
});

test('README, docs/spec.md and the schema name the export conditions the resolver uses (issue 15)', () => {
  // src/entry-points/resolve.ts: resolve.exports' own import and default, plus node and
  // module-sync (where the runtime matches it).
  const conditions = ['import', 'node', 'module-sync', 'default'];
  const resolver = readFileSync(join(repoRoot, 'src/entry-points/resolve.ts'), 'utf8');
  const declaring = readFileSync(join(repoRoot, 'README.md'), 'utf8')
    .split('## Declaring entry points')[1]!
    .split('\n## ')[0]!;
  const spec = readFileSync(join(repoRoot, 'docs/spec.md'), 'utf8');
  const schema = readFileSync(join(repoRoot, 'schema/entry-points.schema.json'), 'utf8');
  expect(resolver).toContain("['node', 'module-sync']");
  for (const condition of conditions) {
    expect(declaring).toContain(`\`${condition}\``);
    expect(spec).toContain(`\`${condition}\``);
    expect(schema).toMatch(new RegExp(`conditions [^"]*\\b${condition}\\b`));
  }
});
