/**
 * Groups in a real host: plugboard installed from its packed tarball, run by node outside vitest.
 *
 * The README's "Typed groups" section is a test here: its plugin package.json, plugin module and
 * TypeScript host are written into the host, type-checked with tsc against the published .d.ts
 * files, run with node, and the output must be exactly the README's output block.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { installHost, repoRoot, tempDir, writePackage } from '../support/fixtures.js';
import { readmeBlocks } from '../support/readme.js';

const blocks = readmeBlocks('Typed groups');
let host: string;

beforeAll(() => {
  const [manifest, pluginModule, hostCode] = blocks;
  const src = tempDir('real-host-src');
  const pkg = JSON.parse(manifest!.code) as { name: string; entryPoints: Record<string, Record<string, string>> };
  const good = writePackage(src, { ...pkg, manifest: pkg, files: { 'index.js': pluginModule!.code } });
  // A second plugin of the same group whose export breaks the contract.
  const [group] = Object.keys(pkg.entryPoints);
  const broken = writePackage(src, {
    ...pkg,
    name: 'broken-formatter',
    manifest: { ...pkg, name: 'broken-formatter', entryPoints: { [group!]: { broken: '.' } } },
    files: { 'index.js': "export default { extensions: ['.x'] };\n" },
  });
  // Another group: one plugin whose top-level await waits on nothing, one that loads.
  const slow = writePackage(src, {
    name: 'slow-plugins',
    type: 'module',
    entryPoints: { 'my-app.slow': { hangs: './hangs.js', quick: './quick.js' } },
    files: { 'hangs.js': 'await new Promise(() => {});\nexport default 1;\n', 'quick.js': 'export default 2;\n' },
  });
  host = installHost({
    name: 'my-app',
    plugboard: true,
    install: [
      { tarball: good },
      { tarball: broken },
      { tarball: slow },
      { link: join(repoRoot, 'node_modules', 'zod') },
    ],
    files: {
      'host.ts': hostCode!.code,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          skipLibCheck: true,
          types: [],
          outDir: 'out',
        },
        files: ['host.ts'],
      }),
      'slow.js': [
        "import { defineGroup } from 'plugboard';",
        "const { plugins, errors } = await defineGroup('my-app.slow', { timeout: 300, allow: process.argv.slice(2) }).loadAll();",
        'console.log(JSON.stringify({ plugins: plugins.map((p) => p.name), errors: errors.map((e) => [e.entryName, e.code]) }));',
        '',
      ].join('\n'),
    },
  });
});

test('the README typed-groups example type-checks, runs, and prints what the README says', () => {
  expect(blocks.map((b) => b.lang)).toEqual(['json', 'js', 'ts', '']);
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', host], {
      cwd: host,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(
      `the README host does not type-check against the packed plugboard:\n${(error as { stdout: string }).stdout}`,
    );
  }
  const printed = execFileSync(process.execPath, [join(host, 'out', 'host.js')], { cwd: host, encoding: 'utf8' });
  expect(printed).toBe(blocks[3]!.code);
});

const runSlow = (args: string[], env: Record<string, string> = {}) => {
  const { PLUGBOARD_DISABLE_AUTOLOAD: _, ...base } = process.env;
  return spawnSync(process.execPath, ['slow.js', ...args], { cwd: host, encoding: 'utf8', env: { ...base, ...env } });
};

// Regression: with nothing else pending, a plugin's never-settling top-level await would let Node
// exit with code 13 ("unsettled top-level await") before any timeout fired, unless the timer holds
// the event loop open.
test('a plugin that never finishes loading times out in a real process, and the host goes on', () => {
  const run = runSlow(['hangs', 'quick']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ plugins: ['quick'], errors: [['hangs', 'timeout']] });
});

test('PLUGBOARD_DISABLE_AUTOLOAD=1 in the environment loads only the allow list', () => {
  const run = runSlow(['quick'], { PLUGBOARD_DISABLE_AUTOLOAD: '1' });
  expect(JSON.parse(run.stdout)).toEqual({ plugins: ['quick'], errors: [] });
});
