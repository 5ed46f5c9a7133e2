import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup } from '../../src/index.js';
import { installHost, npm, tempDir, writePackage } from '../support/fixtures.js';
import { type ViewHost, viewHost } from './hosts.js';
import { cli } from './run.js';

let fixture: ViewHost;
let env: Record<string, string>;
let workspace: string;
beforeAll(() => {
  fixture = viewHost();
  env = { PLUGBOARD_PATH: fixture.extra };
  // npm workspaces: packages/ws-plugin is linked into the root's node_modules.
  workspace = installHost({
    name: 'monorepo',
    manifest: { workspaces: ['packages/*'] },
    files: {
      'packages/ws-plugin/package.json': JSON.stringify({
        name: 'ws-plugin',
        version: '0.0.1',
        type: 'module',
        entryPoints: { 'my-plugins': { ws: './ws.js:plugin' } },
      }),
      'packages/ws-plugin/ws.js': 'export const plugin = { doSomething() {} };\n',
    },
  });
  npm(['install'], workspace);
});
const show = (args: string[], cwd = fixture.host) => cli(['show', ...args, '--cwd', cwd], { env });

describe('plugboard show', () => {
  test('a direct dependency installed from a tarball, with meta', async () => {
    const r = await show(['my-plugins', 'plugin_a']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "my-plugins:plugin_a
        value       ./plugin:plugin
        module      <host>/host/node_modules/plugin-a/plugin.js
        meta        {"description":"Says hello"}
        package     plugin-a@1.0.0
        directory   <host>/host/node_modules/plugin-a
        provenance  direct dependency (dependencies: "plugin-a": "file:../../<pack>/plugin-a-1.0.0.tgz" in <host>/host/package.json)
      "
    `);
  });

  test('a direct dependency that npm linked from a folder', async () => {
    const r = await show(['my-plugins', 'plugin_b']);
    expect(r.stdout).toMatchInlineSnapshot(`
      "my-plugins:plugin_b
        value       ./index.js:default
        module      <src>/plugin-b/index.js
        meta        none
        package     plugin-b@2.1.0
        directory   <src>/plugin-b
        provenance  direct dependency (dependencies: "plugin-b": "file:../../<src>/plugin-b" in <host>/host/package.json, a link to <src>/plugin-b)
      "
    `);
  });

  test('a transitive dependency names who requires it', async () => {
    const r = await show(['my-plugins', 'plugin_c']);
    expect(r.stdout).toMatchInlineSnapshot(`
      "my-plugins:plugin_c
        value       ./c.js
        module      <host>/host/node_modules/@acme/plugin-c/c.js
        meta        none
        package     @acme/plugin-c@0.3.0
        directory   <host>/host/node_modules/@acme/plugin-c
        provenance  transitive dependency, required by wrapper
      "
    `);
  });

  test('a package found on PLUGBOARD_PATH', async () => {
    const r = await show(['my-app.formatters', 'toml']);
    expect(r.stdout).toMatchInlineSnapshot(`
      "my-app.formatters:toml
        value       ./toml.js
        module      <extra>/plugin-d/toml.js
        meta        none
        package     plugin-d@1.0.0
        directory   <extra>/plugin-d
        provenance  found on PLUGBOARD_PATH (<extra>)
      "
    `);
  });

  test('a workspace package', async () => {
    const r = await show(['my-plugins', 'ws'], workspace);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "my-plugins:ws
        value       ./ws.js:plugin
        module      <host>/monorepo/packages/ws-plugin/ws.js
        meta        none
        package     ws-plugin@0.0.1
        directory   <host>/monorepo/packages/ws-plugin
        provenance  workspace package at packages/ws-plugin (workspaces of <host>/monorepo/package.json)
      "
    `);
  });

  test('--load describes what was exported', async () => {
    const r = await show(['my-plugins', 'plugin_a', '--load']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('export      object with keys doSomething, name');
    const c = await show(['my-plugins', 'plugin_c', '--load']);
    expect(c.stdout).toContain('export      module with keys name, run');
    const b = await show(['my-plugins', 'plugin_b', '--load']);
    expect(b.stdout).toContain('export      class PluginB with no keys');
  });

  test('a bad --timeout is a usage error with or without --load, as in check', async () => {
    for (const args of [
      ['--timeout', 'soon'],
      ['--timeout', 'soon', '--load'],
    ]) {
      const r = await show(['my-plugins', 'plugin_a', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--timeout must be a whole number of milliseconds (0 for no limit), not 'soon'");
    }
  });

  test('a module that does not resolve exits 1', async () => {
    const r = await show(['my-app.formatters', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('module      does not resolve: no file yaml.js');
  });

  test('--load of an attribute that is missing exits 1 and says what the module has', async () => {
    const r = await show(['my-app.formatters', 'ini', '--load']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "export      failed to load: AttributeMissingError: entry point 'ini' in group 'my-app.formatters' of plugin-d",
    );
    expect(r.stdout).toContain("has no export 'ini' (it has: default");
  });

  test('--load --json describes a function export', async () => {
    const r = await show(['my-app.formatters', 'json', '--load', '--json']);
    expect(r.code).toBe(0);
    const [view] = JSON.parse(r.stdout) as [Record<string, unknown>];
    expect(view.export).toEqual({ type: 'function', name: 'format', callable: true, keys: [] });
  });

  test('--json prints an array with module, provenance and the entry point', async () => {
    const r = await show(['my-plugins', 'plugin_c', '--json']);
    const [view] = JSON.parse(r.stdout) as [Record<string, unknown>];
    expect(view).toMatchObject({
      group: 'my-plugins',
      name: 'plugin_c',
      value: './c.js',
      package: '@acme/plugin-c',
      version: '0.3.0',
      module: '<host>/host/node_modules/@acme/plugin-c/c.js',
      provenance: { kind: 'transitive', requiredBy: ['wrapper'], linked: false },
    });
  });

  test('an unknown name exits 1 and suggests the nearest', async () => {
    const r = await show(['my-plugins', 'plugin_x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "No entry point 'plugin_x' in group 'my-plugins': did you mean 'plugin_a'? Run 'plugboard doctor' to see what discovery skipped.
      "
    `);
  });

  test('an unknown group exits 1 and suggests the nearest', async () => {
    const r = await show(['my-plugin', 'plugin_zz', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatchInlineSnapshot(`
      "No entry points in group 'my-plugin': did you mean 'my-plugins'? Run 'plugboard doctor' to see what discovery skipped.
      "
    `);
  });

  test('a name that is in another group says which', async () => {
    const r = await show(['my-plugin', 'plugin_a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "No entry points in group 'my-plugin': 'plugin_a' is in group 'my-plugins'. Run 'plugboard doctor' to see what discovery skipped.\n",
    );
  });
});

test('--load describes a CommonJS module as the object a group gets, not its namespace (issue 15)', async () => {
  const cjs = writePackage(tempDir('cjs-src'), {
    name: 'cjs-plug',
    main: 'index.js',
    entryPoints: { 'cjs.plugins': { fmt: '.' } },
    files: { 'index.js': "module.exports = { format: (s) => s, label: 'fmt' };\n" },
  });
  const host = installHost({ install: [{ tarball: cjs }] });
  const r = await cli(['show', 'cjs.plugins', 'fmt', '--load', '--cwd', host]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('export      object with keys format, label');
  const group = await defineGroup('cjs.plugins', { cwd: host }).load('fmt');
  expect(Object.keys(group as object).sort()).toEqual(['format', 'label']);
});
