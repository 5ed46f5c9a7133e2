/**
 * The hosts the CLI tests look at, built with the shared fixture factory. One call installs one host
 * with real npm; test files call it once in beforeAll.
 */
import { join } from 'node:path';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';

export interface ViewHost {
  /** The host folder: plugin-a (tarball), plugin-b (linked folder), wrapper (tarball) → plugin-c. */
  readonly host: string;
  /** A PLUGBOARD_PATH directory holding plugin-d. */
  readonly extra: string;
}

/**
 * A host with one plugin from each place a plugin comes from: a direct dependency from a tarball
 * (plugin-a), a direct linked folder (plugin-b), a transitive dependency (plugin-c, required by
 * wrapper), and a package on PLUGBOARD_PATH (plugin-d).
 */
export function viewHost(): ViewHost {
  const src = tempDir('src');
  const a = writePackage(src, {
    name: 'plugin-a',
    type: 'module',
    exports: { './plugin': './plugin.js' },
    entryPoints: {
      'my-plugins': { plugin_a: { value: './plugin:plugin', meta: { description: 'Says hello' } } },
    },
    files: { 'plugin.js': "export const plugin = { name: 'a', doSomething() {} };\n" },
  });
  const b = writePackage(src, {
    name: 'plugin-b',
    version: '2.1.0',
    type: 'module',
    main: 'index.js',
    entryPoints: {
      'my-plugins': { plugin_b: './index.js:default' },
      'my-app.formatters': { json: './json.js:format', yaml: './yaml.js' },
    },
    files: {
      'index.js': 'export default class PluginB { doSomething() {} }\n',
      'json.js': 'export function format(value) { return JSON.stringify(value); }\n',
    },
  });
  const c = writePackage(src, {
    name: '@acme/plugin-c',
    version: '0.3.0',
    type: 'module',
    entryPoints: { 'my-plugins': { plugin_c: './c.js' } },
    files: { 'c.js': 'export const run = () => 1;\nexport const name = "c";\n' },
  });
  const wrapper = writePackage(src, { name: 'wrapper', dependencies: { '@acme/plugin-c': `file:${pack(c)}` } });
  const host = installHost({ install: [{ tarball: a }, { tarball: wrapper }, { link: b }] });
  const extra = tempDir('extra');
  writePackage(extra, {
    name: 'plugin-d',
    entryPoints: { 'my-app.formatters': { toml: './toml.js', ini: './toml.js:ini' } },
    files: { 'toml.js': 'module.exports = {};\n' },
  });
  return { host, extra: join(extra) };
}
