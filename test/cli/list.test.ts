import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { installHost, tempDir, writePackage } from '../support/fixtures.js';
import { type ViewHost, viewHost } from './hosts.js';
import { cli } from './run.js';

let fixture: ViewHost;
let env: Record<string, string>;
beforeAll(() => {
  fixture = viewHost();
  env = { PLUGBOARD_PATH: fixture.extra };
});
const at = (args: string[], extra: Record<string, string> = {}) =>
  cli([...args, '--cwd', fixture.host], { env: { ...env, ...extra } });

describe('plugboard list', () => {
  test('prints a table of group, name, value and package@version', async () => {
    const r = await at(['list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatchInlineSnapshot(`
      "GROUP              NAME      VALUE               PACKAGE
      my-plugins         plugin_c  ./c.js              @acme/plugin-c@0.3.0
      my-plugins         plugin_a  ./plugin:plugin     plugin-a@1.0.0
      my-plugins         plugin_b  ./index.js:default  plugin-b@2.1.0
      my-app.formatters  json      ./json.js:format    plugin-b@2.1.0
      my-app.formatters  yaml      ./yaml.js           plugin-b@2.1.0
      my-app.formatters  toml      ./toml.js           plugin-d@1.0.0
      my-app.formatters  ini       ./toml.js:ini       plugin-d@1.0.0
      "
    `);
  });

  test('lists one group', async () => {
    const r = await at(['list', 'my-app.formatters']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "GROUP              NAME  VALUE             PACKAGE
      my-app.formatters  json  ./json.js:format  plugin-b@2.1.0
      my-app.formatters  yaml  ./yaml.js         plugin-b@2.1.0
      my-app.formatters  toml  ./toml.js         plugin-d@1.0.0
      my-app.formatters  ini   ./toml.js:ini     plugin-d@1.0.0
      "
    `);
  });

  test('--tree shows group → name → package', async () => {
    const r = await at(['list', '--tree']);
    expect(r.stdout).toMatchInlineSnapshot(`
      "my-app.formatters
      ├── json
      │   └── plugin-b@2.1.0 ./json.js:format
      ├── yaml
      │   └── plugin-b@2.1.0 ./yaml.js
      ├── toml
      │   └── plugin-d@1.0.0 ./toml.js
      └── ini
          └── plugin-d@1.0.0 ./toml.js:ini
      my-plugins
      ├── plugin_c
      │   └── @acme/plugin-c@0.3.0 ./c.js
      ├── plugin_a
      │   └── plugin-a@1.0.0 ./plugin:plugin
      └── plugin_b
          └── plugin-b@2.1.0 ./index.js:default
      "
    `);
  });

  test('--markdown prints a table for documentation, with meta.description', async () => {
    const r = await at(['list', '--markdown', 'my-plugins']);
    expect(r.stdout).toMatchInlineSnapshot(`
      "| Group | Name | Value | Package | Description |
      | --- | --- | --- | --- | --- |
      | \`my-plugins\` | \`plugin_c\` | \`./c.js\` | @acme/plugin-c@0.3.0 |  |
      | \`my-plugins\` | \`plugin_a\` | \`./plugin:plugin\` | plugin-a@1.0.0 | Says hello |
      | \`my-plugins\` | \`plugin_b\` | \`./index.js:default\` | plugin-b@2.1.0 |  |
      "
    `);
  });

  test('--json prints an array of group, name, value, package, version', async () => {
    const r = await at(['list', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(7);
    expect(rows[1]).toEqual({
      group: 'my-plugins',
      name: 'plugin_a',
      value: './plugin:plugin',
      meta: { description: 'Says hello' },
      package: 'plugin-a',
      version: '1.0.0',
      dir: expect.stringMatching(/node_modules\/plugin-a$/),
    });
    for (const row of rows)
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['group', 'name', 'value', 'package', 'version']));
  });

  test('a group with no entry points exits 1 and suggests the nearest group', async () => {
    const r = await at(['list', 'my-plugin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatchInlineSnapshot(`
      "No entry points in group 'my-plugin': did you mean 'my-plugins'?
      "
    `);
  });

  test('PLUGBOARD_PATH packages are listed only when it is set', async () => {
    const r = await cli(['list', 'my-app.formatters', '--json', '--cwd', fixture.host]);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((row) => row.name)).toEqual(['json', 'yaml']);
  });

  test('a --cwd that is not a directory is a usage error, not an empty result', async () => {
    const r = await cli(['list', '--cwd', join(fixture.host, 'no-such-dir')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cwd \S+\/no-such-dir is not a directory/);
  });

  test('stderr counts what discovery skipped by severity', async () => {
    const host = tempDir('host');
    mkdirSync(join(host, 'node_modules', 'broken'), { recursive: true });
    writeFileSync(join(host, 'node_modules', 'broken', 'package.json'), '{ "name": "broken", "entryPoints": ');
    const r = await cli(['list', '--cwd', host]);
    expect(r.stderr).toContain("1 diagnostic (1 error): run 'plugboard doctor' for details.");
  });

  test('under --json too, stdout stays JSON and stderr says why the exit code is 1', async () => {
    const empty = await at(['list', 'my-plugin', '--json']);
    expect([empty.code, JSON.parse(empty.stdout)]).toEqual([1, []]);
    expect(empty.stderr).toContain("No entry points in group 'my-plugin': did you mean 'my-plugins'?");
    const host = tempDir('host');
    mkdirSync(join(host, 'node_modules', 'broken'), { recursive: true });
    writeFileSync(join(host, 'node_modules', 'broken', 'package.json'), '{ "name": "broken", "entryPoints": ');
    for (const command of ['list', 'groups']) {
      const r = await cli([command, '--json', '--cwd', host]);
      expect([r.code, JSON.parse(r.stdout)]).toEqual([1, []]);
      expect(r.stderr).toContain('No entry points found from <host>.');
      expect(r.stderr).toContain("1 diagnostic (1 error): run 'plugboard doctor' for details.");
    }
  });

  test("stderr's colour follows whether stderr is a terminal, not stdout", async () => {
    const host = tempDir('host');
    mkdirSync(join(host, 'node_modules', 'broken'), { recursive: true });
    writeFileSync(join(host, 'node_modules', 'broken', 'package.json'), '{ "name": "broken", "entryPoints": ');
    const piped = await cli(['list', '--cwd', host], { tty: true, errTty: false });
    expect(piped.stderr).not.toContain('\u001b[');
    const terminal = await cli(['list', '--cwd', host], { tty: false, errTty: true });
    expect(terminal.stderr).toContain('\u001b[33m1 diagnostic');
  });

  test('--path adds a lookup directory', async () => {
    const r = await cli(['list', 'my-app.formatters', '--json', '--cwd', fixture.host, '--path', fixture.extra]);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((row) => row.name)).toEqual([
      'json',
      'yaml',
      'toml',
      'ini',
    ]);
  });
});

describe('plugboard groups', () => {
  test('lists each group with its number of entries', async () => {
    const r = await at(['groups']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "GROUP              ENTRIES  PACKAGES
      my-app.formatters  4        plugin-b, plugin-d
      my-plugins         3        @acme/plugin-c, plugin-a, plugin-b
      "
    `);
  });

  test('--json', async () => {
    const r = await at(['groups', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([
      { group: 'my-app.formatters', entries: 4, packages: ['plugin-b', 'plugin-d'] },
      { group: 'my-plugins', entries: 3, packages: ['@acme/plugin-c', 'plugin-a', 'plugin-b'] },
    ]);
  });

  test('takes no positional argument (exit 2)', async () => {
    const r = await at(['groups', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "plugboard: unexpected argument 'extra': expected no arguments
      Run 'plugboard groups --help' for usage.
      "
    `);
  });
});

describe('colour', () => {
  test('is off when stdout is not a terminal', async () => {
    expect((await at(['groups'])).stdout).not.toContain('\u001b[');
  });

  test('is on for a terminal', async () => {
    const r = await cli(['groups', '--cwd', fixture.host], { env, tty: true });
    expect(r.stdout).toContain('\u001b[1mGROUP');
  });

  test('NO_COLOR turns it off, even on a terminal and with FORCE_COLOR', async () => {
    const r = await cli(['groups', '--cwd', fixture.host], {
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '1' },
      tty: true,
    });
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout).toContain('GROUP');
  });

  test('FORCE_COLOR turns it on when piped', async () => {
    expect((await at(['groups'], { FORCE_COLOR: '1' })).stdout).toContain('\u001b[1mGROUP');
  });

  test('FORCE_COLOR=0 turns it off on a terminal', async () => {
    const r = await cli(['groups', '--cwd', fixture.host], { env: { ...env, FORCE_COLOR: '0' }, tty: true });
    expect(r.stdout).not.toContain('\u001b[');
  });
});

test("--markdown describes an entry by its meta.description, else by its package's description (issue 15)", async () => {
  const plugin = writePackage(tempDir('md-src'), {
    name: 'md-plugin',
    type: 'module',
    manifest: { description: 'Formats | tables' },
    entryPoints: {
      'md.plugins': { plain: './index.js', own: { value: './index.js', meta: { description: 'Its own words' } } },
    },
    files: { 'index.js': 'export default 1;\n' },
  });
  const host = installHost({ install: [{ tarball: plugin }] });
  const r = await cli(['list', 'md.plugins', '--markdown', '--cwd', host]);
  expect(r.stdout).toBe(
    [
      '| Group | Name | Value | Package | Description |',
      '| --- | --- | --- | --- | --- |',
      '| `md.plugins` | `plain` | `./index.js` | md-plugin@1.0.0 | Formats \\| tables |',
      '| `md.plugins` | `own` | `./index.js` | md-plugin@1.0.0 | Its own words |',
      '',
    ].join('\n'),
  );
});
