import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { entryPoints } from '../../src/index.js';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';
import { cli } from './run.js';

let host: string;
beforeAll(() => {
  const src = tempDir('src');
  const plugin = writePackage(src, {
    name: 'cached-plugin',
    entryPoints: { g: { one: '.' } },
    files: { 'index.js': '' },
  });
  host = installHost({ install: packMany([plugin]).map((tarball) => ({ tarball })) });
});

const at = (args: string[], env: Record<string, string> = {}) => cli(['cache', ...args, '--cwd', host], { env });
/** Lets the tree age past the racy window (docs/cache.md), then discovers, which writes the index. */
function warm(): void {
  for (let i = 0; i < 3; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
    entryPoints({ cwd: host, env: {} });
  }
}
const stable = (text: string) =>
  text
    .replace(/index-[0-9a-f]{8}/, 'index-<hash>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, '<time>')
    .replace(/\d+ bytes/, '<n> bytes')
    .replace(/\d+ paths/, '<n> paths');

describe('plugboard cache', () => {
  test('status before any discovery: missing', async () => {
    await at(['clear']);
    const r = await at(['status']);
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "index  missing: the next discovery builds it
      file   <host>/host/node_modules/.cache/plugboard/index-<hash>.json
      "
    `);
  });

  test('status of a fresh index, human and --json', async () => {
    warm();
    const r = await at(['status']);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "index     fresh: the next discovery replays it
      file      <host>/host/node_modules/.cache/plugboard/index-<hash>.json
      built     <time>
      packages  1 with entry points
      checks    <n> paths stat'ed per discovery
      size      <n> bytes
      "
    `);
    const json = JSON.parse((await at(['status', '--json'])).stdout);
    expect(json).toMatchObject({ state: 'fresh', dir: '<host>/host/node_modules/.cache/plugboard', packages: 1 });
  });

  test('clear removes it, and says so', async () => {
    warm();
    expect((await at(['clear'])).stdout).toBe('Removed <host>/host/node_modules/.cache/plugboard\n');
    expect((await at(['clear'])).stdout).toBe('No cache to clear.\n');
    expect(JSON.parse((await at(['clear', '--json'])).stdout)).toEqual({ removed: null });
    expect(JSON.parse((await at(['status', '--json'])).stdout).state).toBe('missing');
  });

  test('PLUGBOARD_NO_CACHE=1: disabled', async () => {
    expect(JSON.parse((await at(['status', '--json'], { PLUGBOARD_NO_CACHE: '1' })).stdout).state).toBe('disabled');
  });

  test('an unknown action is a usage error', async () => {
    const r = await at(['purge']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown action 'purge': use 'status' or 'clear'");
    expect(join(host)).toBe(host);
  });
});
