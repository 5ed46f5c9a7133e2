/**
 * One host for the group tests, installed once with the real npm: the six plugins of the acceptance
 * test, a hoisted transitive plugin, conflicting names, an npm alias and the odd error paths.
 */
import { join } from 'node:path';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';

/** The host's name and version, which plugins may name in `peerDependencies`. */
export const HOST = { name: 'app-host', version: '1.4.0' } as const;

const esm = (
  name: string,
  entries: Record<string, Record<string, unknown>>,
  files: Record<string, string>,
  extra: Record<string, unknown> = {},
) => ({
  name,
  type: 'module' as const,
  entryPoints: entries,
  files,
  ...extra,
});

/** Creates the host; returns its folder. */
export function groupHost(): string {
  const src = tempDir('group-src');
  const folder = (spec: Parameters<typeof writePackage>[1]) => writePackage(src, spec);
  const plugins = (<Parameters<typeof writePackage>[1][]>[
    // app.plugins: the acceptance six.
    esm(
      'plugin-good',
      { 'app.plugins': { good: './index.js' } },
      { 'index.js': "export default { title: 'Good', run: () => 'good ran' };\n" },
      { peerDependencies: { [HOST.name]: '^1.2.0' } },
    ),
    esm(
      'plugin-throws',
      { 'app.plugins': { throws: './index.js' } },
      { 'index.js': "throw new Error('plugin-throws refuses to import');\n" },
    ),
    esm(
      'plugin-bad-shape',
      { 'app.plugins': { 'bad-shape': './index.js' } },
      { 'index.js': 'export default { title: 42 };\n' },
    ),
    esm(
      'plugin-too-new',
      { 'app.plugins': { 'too-new': './index.js' } },
      { 'index.js': "export default { title: 'Too new', run: () => '' };\n" },
      { peerDependencies: { [HOST.name]: '^2.0.0' } },
    ),
    esm(
      'plugin-hangs',
      { 'app.plugins': { hangs: './index.js' } },
      { 'index.js': "await new Promise(() => {});\nexport default { title: 'Never', run: () => '' };\n" },
    ),
    esm(
      'plugin-blocked',
      { 'app.plugins': { blocked: './index.js' } },
      { 'index.js': "export default { title: 'Blocked', run: () => '' };\n" },
    ),
    // app.conflicts: two packages claim `dup`.
    esm(
      'dup-one',
      { 'app.conflicts': { dup: './index.js', solo: './index.js:solo' } },
      { 'index.js': "export default 'dup from dup-one';\nexport const solo = 'solo';\n" },
    ),
    esm('dup-two', { 'app.conflicts': { dup: './index.js' } }, { 'index.js': "export default 'dup from dup-two';\n" }),
    // app.misc: the other error paths and invoke.
    esm(
      'misc-plugins',
      {
        'app.misc': {
          'no-attr': './index.js:nope',
          'no-module': './missing.js',
          factory: './index.js:factory',
          klass: './index.js:Greeter',
          'async-factory': './index.js:asyncFactory',
          'factory-throws': './index.js:broken',
          constant: './index.js:constant',
        },
      },
      {
        'index.js': [
          "export const factory = (who) => ({ greeting: 'hello ' + who });",
          "export class Greeter { constructor(who) { this.greeting = 'hi ' + who; } }",
          "export const asyncFactory = async (who) => ({ greeting: 'async ' + who });",
          "export const broken = () => { throw new Error('factory broke'); };",
          "export const constant = { greeting: 'constant' };",
          '',
        ].join('\n'),
      },
      // Not a semver range: pnpm's workspace protocol, left unpublished.
      { peerDependencies: { [HOST.name]: 'workspace:*' } },
    ),
    {
      name: 'cjs-plugin',
      entryPoints: { 'app.cjs': { cjs: '.' } },
      files: { 'index.js': "module.exports = { greeting: 'from commonjs' };\n" },
    },
    // CommonJS as TypeScript compiles `export default { … }`: exports.default with __esModule.
    {
      name: 'tscjs-plugin',
      entryPoints: { 'app.cjs': { tscjs: '.' } },
      files: {
        'index.js':
          "'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.default = { greeting: 'from compiled typescript' };\n",
      },
    },
    // app.proxy: CommonJS exports that are Proxies whose traps throw (found by an audit).
    {
      name: 'proxy-plugin',
      entryPoints: { 'app.proxy': { whole: './proxy.cjs', missing: './nested.cjs:a.missing' } },
      files: {
        'proxy.cjs':
          "const boom = () => { throw new Error('proxy trap'); };\nmodule.exports = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });\n",
        'nested.cjs':
          "const boom = () => { throw new Error('ownKeys trap'); };\nmodule.exports = { a: new Proxy({}, { ownKeys: boom }) };\n",
      },
    },
    // app.trust: a direct dependency.
    esm('direct-plugin', { 'app.trust': { direct: './index.js' } }, { 'index.js': "export default 'direct';\n" }),
  ]).map(folder);

  // A plugin the host never asked for: npm hoists it to the host's node_modules because
  // parent-lib depends on it.
  const child = pack(
    folder(esm('child-plugin', { 'app.trust': { child: './index.js' } }, { 'index.js': "export default 'child';\n" })),
  );
  const parent = folder({
    name: 'parent-lib',
    type: 'module',
    dependencies: { 'child-plugin': `file:${child}` },
    files: { 'index.js': 'export {};\n' },
  });
  // A package whose real name is `evil`, installed under the alias `nice`.
  const evil = pack(
    folder(esm('evil', { 'app.alias': { helper: './index.js' } }, { 'index.js': "export default 'evil helper';\n" })),
  );

  return installHost({
    name: HOST.name,
    version: HOST.version,
    files: {
      // npm 7+ installs peer dependencies itself and refuses (ERESOLVE) a plugin whose peer range
      // excludes the host; an incompatible plugin gets installed anyway with legacy-peer-deps (or
      // under pnpm and yarn, which only warn). That is the case the `incompatible` check is for.
      '.npmrc': 'legacy-peer-deps=true\n',
    },
    install: [...plugins.map((dir) => ({ copy: dir })), { copy: parent }, { spec: `nice@file:${evil}` }],
  });
}

/** The folder of an installed package in the host. */
export function installed(host: string, name: string): string {
  return join(host, 'node_modules', name);
}
