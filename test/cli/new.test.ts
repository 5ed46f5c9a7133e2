import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { installHost, npm, plugboardTarball, tempDir, writePackage } from '../support/fixtures.js';
import { cli } from './run.js';

describe('plugboard new', () => {
  test('scaffolds a plugin that passes its own test and plugboard check, then shows up in a host after npm pack', async () => {
    const parent = tempDir('new');
    const made = await cli(['new', 'hello-plugin', '--group', 'my-plugins', '--name', 'hello', '--cwd', parent]);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatchInlineSnapshot(`
      "Created hello-plugin in <new>/hello-plugin:
        .gitignore
        README.md
        package.json
        src/plugin.ts
        test/plugin.test.js
        tsconfig.json

      Next:
        cd <new>/hello-plugin
        npm install                  # builds dist/ through "prepare"
        npm test
        npx plugboard check --load   # also runs before npm publish
      "
    `);
    const dir = join(parent, 'hello-plugin');

    // plugboard is not on the registry here: install the packed one in its place. typescript comes
    // from npm's cache, and `prepare` builds dist/.
    npm(['install', '-D', plugboardTarball()], dir);
    expect(npm(['test'], dir)).toMatch(/# pass 2\n# fail 0/);
    // Through the installed bin, as prepublishOnly runs it.
    const checked = spawnSync(join(dir, 'node_modules/.bin/plugboard'), ['check', '--load'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(checked.stdout).toContain('✔ my-plugins:hello  ./plugin:plugin → dist/plugin.js (published), object');
    expect(checked.status).toBe(0);

    const host = installHost({ install: [{ tarball: dir }] });
    const listed = await cli(['list', '--cwd', host]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatchInlineSnapshot(`
      "GROUP       NAME   VALUE            PACKAGE
      my-plugins  hello  ./plugin:plugin  hello-plugin@0.1.0
      "
    `);
    const shown = await cli(['show', 'my-plugins', 'hello', '--load', '--cwd', host]);
    expect(shown.stdout).toContain('export      object with keys name, run');
  });

  test('the scaffold declares entryPoints and exports; --package names the package', async () => {
    const parent = tempDir('new');
    const r = await cli([
      'new',
      'x',
      '-g',
      'my-app.formatters',
      '-n',
      'csv',
      '--package',
      '@acme/csv-formatter',
      '--cwd',
      parent,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      dir: '<new>/x',
      package: '@acme/csv-formatter',
      files: ['.gitignore', 'README.md', 'package.json', 'src/plugin.ts', 'test/plugin.test.js', 'tsconfig.json'],
    });
    const manifest = JSON.parse(readFileSync(join(parent, 'x/package.json'), 'utf8'));
    expect(manifest.entryPoints).toEqual({
      'my-app.formatters': { csv: { value: './plugin:plugin', meta: { description: 'The csv plugin.' } } },
    });
    expect(manifest.exports['./plugin']).toEqual({ types: './dist/plugin.d.ts', default: './dist/plugin.js' });
  });

  test('usage errors exit 2: no --group, no --name, an invalid group', async () => {
    const cwd = tempDir('new');
    const noGroup = await cli(['new', 'p', '--name', 'n', '--cwd', cwd]);
    expect([noGroup.code, noGroup.stderr]).toEqual([
      2,
      "plugboard: missing --group <group> (or --host <package>)\nRun 'plugboard new --help' for usage.\n",
    ]);
    expect((await cli(['new', 'p', '--group', 'g', '--cwd', cwd])).code).toBe(2);
    const invalid = await cli(['new', 'p', '--group', 'bad group', '--name', 'n', '--cwd', cwd]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("group 'bad group' must start with a letter");
  });

  test('an invalid --name points at the character at fault (issue 15)', async () => {
    const r = await cli(['new', 'p', '--group', 'g', '--name', 'my plugin', '--cwd', tempDir('new')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "plugboard: --name 'my plugin' has a space at character 3: entry name 'my plugin' must start with a letter, digit, '_' or '@', contain only letters, digits and _ . - / : @, and be at most 214 characters; 'my-plugin' would do",
    );
    const first = await cli(['new', 'p', '--group', '.g', '--name', 'n', '--cwd', tempDir('new')]);
    expect(first.stderr).toContain("--group '.g' has '.' as its first character: group '.g' must start");
  });

  test("the cd hint works from the user's directory, whatever --cwd says", async () => {
    const parent = tempDir('new');
    const below = await cli(['new', 'sub/p', '-g', 'g', '-n', 'n'], { cwd: parent });
    expect(below.stdout).toContain('\n  cd sub/p\n');
    const elsewhere = await cli(['new', 'q', '-g', 'g', '-n', 'n', '--cwd', join(parent, 'sub')], {
      cwd: tempDir('shell'),
    });
    expect(elsewhere.stdout).toContain('\n  cd <new>/sub/q\n');
  });

  test('a folder that is not empty, or an invalid package name, exits 1', async () => {
    const parent = tempDir('new');
    writePackage(parent, { name: 'taken' });
    const r = await cli(['new', 'taken', '--group', 'g', '--name', 'n', '--cwd', parent]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'plugboard new: <new>/taken is not empty (it has package.json); scaffold into a new folder\n',
    );
    const bad = await cli(['new', 'Bad Name', '--group', 'g', '--name', 'n', '--cwd', parent]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("'Bad Name' is not a valid npm package name");
  });

  test('a file where the folder should be exits 1 with a message, not a stack trace', async () => {
    const parent = tempDir('new');
    writeFileSync(join(parent, 'afile'), 'x');
    const r = await cli(['new', 'afile', '--group', 'g', '--name', 'n', '--cwd', parent]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('plugboard new: <new>/afile is a file, not a folder; scaffold into a new folder\n');
    const below = await cli(['new', 'afile/p', '--group', 'g', '--name', 'n', '--cwd', parent]);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/^plugboard new: <new>\/afile\/p\/\S+ could not be written: (EEXIST|ENOTDIR)/);
    expect(below.stderr).not.toContain('    at ');
  });
});
