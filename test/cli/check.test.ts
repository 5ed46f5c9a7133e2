import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkPackage } from '../../src/tools/check.js';
import { npm, repoRoot, tempDir, writePackage } from '../support/fixtures.js';
import { cli } from './run.js';

const bin = join(repoRoot, 'dist/cli/main.js');

let src: string;
let good: string;
let bad: string;
beforeAll(() => {
  src = tempDir('src');
  good = writePackage(src, {
    name: 'good-plugin',
    type: 'module',
    exports: { '.': './index.js', './plugin': './lib/plugin.js' },
    manifest: { files: ['index.js', 'lib'] },
    entryPoints: { 'my-plugins': { good: './plugin:plugin', main: '.' } },
    files: { 'index.js': 'export default 1;\n', 'lib/plugin.js': 'export const plugin = { run() {} };\n' },
  });
  bad = writePackage(src, {
    name: 'bad-plugin',
    type: 'module',
    exports: {
      '.': './index.js',
      './plugin': './plugin.js',
      './extra': './extra.js',
      './hidden': './lib/hidden.js',
      './throws': './throws.js',
    },
    manifest: { files: ['index.js', 'plugin.js', 'lib', 'throws.js'] },
    entryPoints: {
      'my-plugins': {
        // Not in "exports": the package's own exports must export every module an entry names.
        unexported: './secret:x',
        // In "exports", but "files" leaves extra.js out of the tarball.
        unlisted: './extra:extra',
        // In a folder "files" lists, but that folder's .npmignore drops it (a root .npmignore
        // cannot override "files"; npm's own pack list knows such rules, so check asks npm).
        ignored: './hidden:hidden',
        // Only --load finds these two.
        wrongAttr: './plugin:plugn',
        throws: './throws',
      },
    },
    files: {
      'index.js': 'export default 1;\n',
      'plugin.js': 'export const plugin = {};\n',
      'extra.js': 'export const extra = {};\n',
      'lib/hidden.js': 'export const hidden = {};\n',
      'lib/.npmignore': 'hidden.js\n',
      'secret.js': 'export const x = {};\n',
      'throws.js': "throw new Error('boom at import');\n",
    },
  });
});

describe('plugboard check', () => {
  test('a good package: every module resolves through its exports and is published', async () => {
    const r = await cli(['check', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "good-plugin@1.0.0  <src>/good-plugin
        ✔ my-plugins:good  ./plugin:plugin → lib/plugin.js (published)
        ✔ my-plugins:main  . → index.js (published)

      No problems (2 entries checked)
      "
    `);
  });

  test('--load imports every entry and describes it', async () => {
    const r = await cli(['check', '--load', '--cwd', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ my-plugins:good  ./plugin:plugin → lib/plugin.js (published), object');
    expect(r.stdout).toContain('No problems (2 entries checked, loaded)');
  });

  test('finds modules outside exports and files that npm pack leaves out (files, .npmignore)', async () => {
    const r = await cli(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatchInlineSnapshot(`
      "bad-plugin@1.0.0  <src>/bad-plugin
        ✖ my-plugins:unexported  ./secret:x → does not resolve
        ✖ my-plugins:unlisted  ./extra:extra → extra.js (not published)
        ✖ my-plugins:ignored  ./hidden:hidden → lib/hidden.js (not published)
        ✔ my-plugins:wrongAttr  ./plugin:plugn → plugin.js (published)
        ✔ my-plugins:throws  ./throws → throws.js (published)

      ✖ bad-plugin@1.0.0: entry 'unexported' in group 'my-plugins': cannot resolve module './secret': package.json "exports" does not export './secret' for the conditions import/node/module-sync/default (Missing "./secret" specifier in "bad-plugin" package) [module-not-found]
      ✖ bad-plugin@1.0.0: entry 'unlisted' in group 'my-plugins' resolves to extra.js, which npm pack leaves out of the package (see "files", .npmignore or .gitignore) [not-published]
      ✖ bad-plugin@1.0.0: entry 'ignored' in group 'my-plugins' resolves to lib/hidden.js, which npm pack leaves out of the package (see "files", .npmignore or .gitignore) [not-published]

      3 errors (5 entries checked)
      "
    `);
  });

  test('--load finds missing attributes and modules that throw on import', async () => {
    const report = await checkPackage(bad, { load: true });
    expect(report.problems.map((p) => [p.code, p.name])).toEqual([
      ['module-not-found', 'unexported'],
      ['not-published', 'unlisted'],
      ['not-published', 'ignored'],
      ['attribute-missing', 'wrongAttr'],
      ['import-failed', 'throws'],
    ]);
    expect(report.problems[3]!.message).toContain("has no export 'plugn' (it has: plugin)");
    expect(report.problems[4]!.message).toContain('boom at import');
    // Named once, by the report's own prefix, not again by the error's.
    expect(report.problems[4]!.message).toMatch(
      /^bad-plugin@1\.0\.0: entry 'throws' in group 'my-plugins': importing \S+throws\.js threw: /,
    );
  });

  describe('--load survives what a module does while it is imported', () => {
    let unruly: string;
    beforeAll(() => {
      unruly = writePackage(tempDir('src'), {
        name: 'unruly-plugin',
        type: 'module',
        exports: { './hangs': './hangs.js', './exits': './exits.js', './noisy': './noisy.js' },
        entryPoints: { g: { hangs: './hangs:plugin', exits: './exits:plugin', noisy: './noisy:plugin' } },
        files: {
          // A top-level await that waits on nothing: without a time limit Node exits with code 13.
          'hangs.js': 'await new Promise(() => {});\nexport const plugin = {};\n',
          'exits.js': 'process.exit(0);\nexport const plugin = {};\n',
          'noisy.js': 'console.log("noisy plugin loaded");\nexport const plugin = {};\n',
        },
      });
    });

    test('a hang is a timeout, process.exit() an import failure, and the other entries are still checked', async () => {
      const { exit } = process;
      const { write } = process.stdout;
      const report = await checkPackage(unruly, { load: true, timeout: 300, packlist: false });
      expect([process.exit, process.stdout.write]).toEqual([exit, write]);
      expect(report.problems.map((p) => [p.code, p.name])).toEqual([
        ['timeout', 'hangs'],
        ['import-failed', 'exits'],
      ]);
      expect(report.problems[0]!.message).toContain('did not finish within 300 ms');
      expect(report.problems[1]!.message).toContain('the module called process.exit(0) while it was being imported');
      expect(report.entries.find((e) => e.name === 'noisy')!.export).toMatchObject({ type: 'object' });
    });

    test("as a process: exit 1, a parseable --json on stdout, the module's output on stderr", () => {
      const r = spawnSync(process.execPath, [bin, 'check', unruly, '--load', '--timeout', '300', '--json'], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout) as { problems: { code: string; name: string }[] };
      expect(report.problems.map((p) => [p.code, p.name])).toEqual([
        ['timeout', 'hangs'],
        ['import-failed', 'exits'],
      ]);
      expect(r.stderr).toContain('noisy plugin loaded');
      const shown = spawnSync(
        process.execPath,
        [bin, 'show', 'g', 'noisy', '--load', '--json', '--path', dirname(unruly)],
        { encoding: 'utf8' },
      );
      expect(shown.status).toBe(0);
      expect(JSON.parse(shown.stdout)[0].export).toMatchObject({ type: 'object' });
      expect(shown.stderr).toContain('noisy plugin loaded');
    });

    test('as a process: the CLI ends when its verdict is out, and a module printing later cannot break --json', () => {
      const lingering = writePackage(tempDir('src'), {
        name: 'lingering-plugin',
        type: 'module',
        exports: { './late': './late.js', './slow': './slow.js', './ticker': './ticker.js' },
        entryPoints: { g: { late: './late:plugin', slow: './slow:plugin', ticker: './ticker:plugin' } },
        files: {
          // Prints after its import, while the next entry is being loaded.
          'late.js': 'setTimeout(() => console.log("late log"), 0);\nexport const plugin = {};\n',
          'slow.js': 'await new Promise((done) => setTimeout(done, 200));\nexport const plugin = {};\n',
          // An open handle: without the CLI ending itself, the process would never exit.
          'ticker.js': 'setInterval(() => {}, 1000);\nexport const plugin = {};\n',
        },
      });
      // The time limit is a hang detector for the test, not a timing assertion.
      const r = spawnSync(process.execPath, [bin, 'check', lingering, '--load', '--json'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
      expect(r.stdout).not.toContain('late log');
      expect(r.stderr).toContain('late log');
      const shown = spawnSync(process.execPath, [bin, 'show', 'g', 'ticker', '--load', '--path', dirname(lingering)], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(shown.signal).toBeNull();
      expect(shown.status).toBe(0);
    });

    test('as a process: a reader that goes away ends the CLI quietly, not with an EPIPE stack trace', () => {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" check "${unruly}" | true`], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|at /);
    });

    test('--timeout must be a whole number of milliseconds', async () => {
      const r = await cli(['check', unruly, '--load', '--timeout', 'soon']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--timeout must be a whole number of milliseconds (0 for no limit), not 'soon'");
    });
  });

  test('--json gives the report as data', async () => {
    const r = await cli(['check', good, '--json']);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      package: 'good-plugin',
      version: '1.0.0',
      ok: true,
      schemaValid: true,
      problems: [],
      entries: [
        { group: 'my-plugins', name: 'good', value: './plugin:plugin', module: 'lib/plugin.js', published: true },
        { group: 'my-plugins', name: 'main', value: '.', module: 'index.js', published: true },
      ],
    });
    expect(report.published).toEqual(['index.js', 'lib/plugin.js', 'package.json']);
  });

  test('edge cases from an audit: an escaped entryPoints key, an empty name, npm refusing to pack', async () => {
    const escaped = writePackage(tempDir('src'), {
      name: 'escaped-key',
      rawManifest:
        '{"name":"escaped-key","version":"1.0.0","type":"module","entry\\u0050oints":{"g":{"n":"./plugin.js:plugin"}}}',
      files: { 'plugin.js': 'export const plugin = {};\n' },
    });
    const r1 = await checkPackage(escaped, { packlist: false });
    expect(r1.ok).toBe(false);
    expect(r1.problems.map((p) => p.code)).toEqual(['invalid-entry-points']);
    expect(r1.problems[0]!.message).toContain('spells the "entryPoints" key with escapes');

    const empty = writePackage(tempDir('src'), {
      name: 'x',
      rawManifest: '{"name":"","version":"1.0.0","entryPoints":{"g":{"n":"."}}}',
    });
    const r2 = await checkPackage(empty, { packlist: false });
    expect(r2.problems.map((p) => p.code)).toEqual(['malformed-manifest']);
    expect(r2.problems[0]!.message).toContain('non-empty string "name"');

    const noVersion = writePackage(tempDir('src'), {
      name: 'no-version',
      rawManifest: '{"name":"no-version","type":"module","entryPoints":{"g":{"n":"./plugin.js:plugin"}}}',
      files: { 'plugin.js': 'export const plugin = {};\n' },
    });
    const r3 = await checkPackage(noVersion);
    const packlist = r3.problems.find((p) => p.code === 'packlist-failed');
    expect(packlist?.message).toContain('must have name and version');
  });

  test('invalid declarations are reported by the naming rules, and the schema agrees', async () => {
    const dir = writePackage(tempDir('src'), {
      name: 'invalid-plugin',
      entryPoints: {
        'bad group!': { x: './x' },
        ok: { 'bad name!': './x', y: '../outside:y', z: { value: './z', extra: 1 } },
      },
    });
    const report = await checkPackage(dir, { packlist: false });
    expect(report.schemaValid).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual([
      'invalid-group',
      'invalid-name',
      'invalid-value',
      'invalid-value',
    ]);
    const r = await cli(['check', dir]);
    expect(r.code).toBe(1);
  });

  test('a module that is not built yet says so', async () => {
    const dir = writePackage(tempDir('src'), {
      name: 'unbuilt',
      exports: { './plugin': './dist/plugin.js' },
      entryPoints: { g: { p: './plugin:plugin' } },
    });
    const report = await checkPackage(dir, { packlist: false });
    expect(report.problems[0]!.message).toContain('dist/ does not exist: is the package built?');
  });

  test('a package without entryPoints, and a folder without package.json, exit 1', async () => {
    const none = await cli(['check', writePackage(tempDir('src'), { name: 'plain' })]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('has no "entryPoints" field, so no host will discover it [no-entry-points]');
    const empty = await cli(['check', tempDir('empty')]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe('<empty>\n\n✖ no package.json in <empty> [no-manifest]\n\n1 error (0 entries checked)\n');
    const parent = tempDir('src');
    writeFileSync(join(parent, 'afile'), 'x');
    expect((await checkPackage(join(parent, 'afile'))).problems.map((p) => [p.code, p.message])).toEqual([
      ['no-manifest', `${join(parent, 'afile')} is not a folder: give the plugin package's folder`],
    ]);
    expect((await checkPackage(join(parent, 'nothing'))).problems.map((p) => [p.code, p.message])).toEqual([
      ['no-manifest', `${join(parent, 'nothing')} does not exist`],
    ]);
    const malformed = await checkPackage(writePackage(tempDir('src'), { name: 'x', rawManifest: '{ nope' }));
    expect(malformed.problems.map((p) => p.code)).toEqual(['malformed-manifest']);
  });
});

test('--load imports what npm pack would publish: a required file "files" leaves out fails, as it will once installed (issue 15)', async () => {
  const dir = writePackage(tempDir('src'), {
    name: 'half-published',
    main: 'index.js',
    manifest: { files: ['index.js'] },
    entryPoints: { 'my-plugins': { codes: '.:codes' } },
    files: {
      'index.js': "exports.codes = require('./lib/codes');\n",
      'lib/codes.js': 'module.exports = [1, 2];\n',
    },
  });
  const report = await checkPackage(dir, { load: true });
  expect(report.ok).toBe(false);
  const problem = report.problems.find((p) => p.code === 'import-failed');
  expect(problem?.message).toContain("half-published@1.0.0: entry 'codes' in group 'my-plugins'");
  expect(problem?.message).toContain('./lib/codes');
  expect(problem?.message).toContain('(imported from the files npm pack would publish)');
  // From the source folder it loads: only the published copy shows the break.
  expect((await checkPackage(dir, { load: true, packlist: false })).ok).toBe(true);
});

test('--load from the published copy still resolves the package its own dependencies', async () => {
  const parent = tempDir('src');
  const helper = writePackage(parent, {
    name: 'dep-helper',
    main: 'i.js',
    files: { 'i.js': "module.exports = 'helped';\n" },
  });
  const dir = writePackage(parent, {
    name: 'with-dep',
    type: 'module',
    exports: { '.': './index.js' },
    manifest: { files: ['index.js'] },
    entryPoints: { 'my-plugins': { dep: '.:plugin' } },
    files: { 'index.js': "import helper from 'dep-helper';\nexport const plugin = { helper };\n" },
  });
  npm(['install', '--install-links', helper], dir);
  const report = await checkPackage(dir, { load: true });
  expect(report.problems).toEqual([]);
  expect(report.entries[0]?.export).toMatchObject({ type: 'object', keys: ['helper'] });
});
