/**
 * The README's "CLI" section and docs/cli.md show real output: this rebuilds the host they were
 * produced in (plugins installed from tarballs with npm's nested strategy) and runs every command
 * they show. Each must print exactly what the docs print, and docs/cli.md's exit codes must hold.
 */
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { installHost, pack, repoRoot, tempDir, writePackage } from '../support/fixtures.js';
import { readmeBlocks } from '../support/readme.js';
import { cli } from './run.js';

/** Where the docs' examples were run. */
const DOCS_ROOT = '/tmp/plugboard-demo';
let root: string;

beforeAll(() => {
  root = tempDir('demo');
  const plugins = join(root, 'plugins');
  const tgz = join(root, 'tgz');
  mkdirSync(tgz);
  cpSync(join(repoRoot, 'examples/plugin-a'), join(plugins, 'plugin-a'), { recursive: true });
  writePackage(plugins, {
    name: 'greeter',
    version: '2.0.1',
    type: 'module',
    exports: { './plugin': './plugin.js' },
    entryPoints: {
      'my-plugins': { greeter: { value: './plugin:greeter', meta: { description: 'Greets the user' } } },
      'my-app.formatters': { csv: './plugin:csv' },
    },
    files: {
      'plugin.js':
        "export const greeter = { doSomething() { console.log('hello'); } };\nexport function csv(rows) { return rows.map((r) => r.join(',')).join('\\n'); }\n",
    },
  });
  // 'my-plugin': one letter short of the group the host reads.
  writePackage(plugins, {
    name: 'shouty-plugin',
    type: 'module',
    exports: { '.': './index.js' },
    entryPoints: { 'my-plugin': { shouty: '.:plugin' } },
    files: { 'index.js': 'export const plugin = { doSomething() {} };\n' },
  });
  // "files" leaves lib/plugin.js, the entry's module, out of the tarball.
  writePackage(plugins, {
    name: 'incomplete-plugin',
    version: '0.3.0',
    type: 'module',
    exports: { '.': './index.js', './plugin': './lib/plugin.js' },
    manifest: { files: ['index.js'] },
    entryPoints: { 'my-plugins': { incomplete: './plugin:plugin' } },
    files: { 'index.js': 'export {};\n', 'lib/plugin.js': 'export const plugin = {};\n' },
  });
  const deep = writePackage(plugins, {
    name: 'deep-plugin',
    version: '1.2.0',
    type: 'module',
    entryPoints: { 'my-plugins': { deep: './index.js:plugin' } },
    files: { 'index.js': 'export const plugin = {};\n' },
  });
  writePackage(plugins, {
    name: 'ui-kit',
    version: '3.0.0',
    dependencies: { 'deep-plugin': `file:${pack(deep, tgz)}` },
    files: { 'index.js': '' },
  });
  const tarballs = ['plugin-a', 'greeter', 'shouty-plugin', 'incomplete-plugin', 'ui-kit'].map((name) => ({
    tarball: pack(join(plugins, name), tgz),
  }));
  installHost({ dir: join(root, 'host'), name: 'my-host', install: tarballs, npmArgs: ['--install-strategy=nested'] });
});

/** Runs one documented `$ plugboard …` block the way the docs did, and returns what it printed. */
async function runBlock(code: string): Promise<{ expected: string; printed: string; exit: number }> {
  const lines = code.replace(/\n$/, '').split('\n');
  let cwd = join(root, 'host');
  if (lines[0]!.startsWith('$ cd ')) cwd = join(root, lines.shift()!.slice('$ cd '.length));
  const args = lines
    .shift()!
    .replace(/^\$ plugboard /, '')
    .split(' ');
  if (args[0] === 'new') {
    cwd = root;
    rmSync(join(root, args[1]!), { recursive: true, force: true });
  }
  const r = await cli(args, { cwd, env: { NO_COLOR: '1' } });
  return {
    expected: lines.join('\n'),
    printed: (r.stdout + r.stderr).replace(/<demo>/g, DOCS_ROOT).replace(/\n$/, ''),
    exit: r.code,
  };
}

describe('documented CLI output is real', () => {
  test('README "CLI" section', async () => {
    const blocks = readmeBlocks('CLI').filter((b) => b.lang === 'console');
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) {
      const { expected, printed } = await runBlock(block.code);
      expect(printed, block.code.split('\n', 2).join(' ')).toBe(expected);
    }
  });

  test('docs/cli.md, with its exit codes', async () => {
    const doc = readFileSync(join(repoRoot, 'docs/cli.md'), 'utf8');
    const blocks = [...doc.matchAll(/^```console\n([\s\S]*?)^```\n\(exit (\d)\)$/gm)];
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    for (const [, code, exit] of blocks) {
      const { expected, printed, exit: got } = await runBlock(code!);
      const what = code!.split('\n', 2).join(' ');
      expect(printed, what).toBe(expected);
      expect(got, what).toBe(Number(exit));
    }
  });
});
