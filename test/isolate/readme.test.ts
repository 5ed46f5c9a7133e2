/**
 * The README's "Isolated plugins" section is a test: its host runs with node, with plugboard
 * installed from its packed tarball (so the runner and the permission grants are found where a real
 * install puts them), next to the "Typed groups" plugin and a plugin whose entry asks for a read it
 * is not granted, and must print exactly the README's output block.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, expect, test } from 'vitest';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';
import { readmeBlocks } from '../support/readme.js';

const [hostCode, output] = readmeBlocks('Isolated plugins');
const [shoutManifest, shoutModule] = readmeBlocks('Typed groups');
let host: string;

beforeAll(() => {
  const src = tempDir('isolate-readme-src');
  const pkg = JSON.parse(shoutManifest!.code) as Record<string, unknown>;
  const shout = writePackage(src, {
    ...pkg,
    name: 'shout-formatter',
    manifest: pkg,
    files: { 'index.js': shoutModule!.code },
  });
  const nosy = writePackage(src, {
    name: 'nosy-formatter',
    type: 'module',
    entryPoints: {
      'my-app.formatters': { nosy: { value: './index.js', meta: { permissions: { fsRead: ['$HOME/.ssh'] } } } },
    },
    files: { 'index.js': 'export default { format: (s) => s };\n' },
  });
  host = installHost({
    name: 'my-app',
    plugboard: true,
    install: packMany([shout, nosy]).map((tarball) => ({ tarball })),
    files: { 'host.mjs': hostCode!.code },
  });
});

test("the README's isolated host prints what the README says", () => {
  const stdout = execFileSync(process.execPath, ['host.mjs'], { cwd: host, encoding: 'utf8' });
  expect(stdout).toBe(output!.code);
});
