/**
 * `plugboard/hooks` in a real browser: a page that imports it is bundled with esbuild for the
 * browser platform (no Node built-in may be reached, or the bundle fails) and run in headless
 * Chromium (Debian's /usr/bin/chromium, which .ci/run installs), served from 127.0.0.1. The page
 * makes a series, first, waterfall and parallel call and runs a wrapper; the test reads the results
 * off the page.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, tempDir } from '../support/fixtures.js';

const page = `
import { createHooks, wrap } from 'plugboard/hooks';

const hooks = createHooks()({
  names: { kind: 'series' },
  resolve: { kind: 'first' },
  transform: { kind: 'waterfall' },
  fetch: { kind: 'parallel' },
});
hooks.register({ names: () => 'a', resolve: () => undefined, transform: (s) => s + '-a', fetch: async (n) => n * 2 }, { name: 'a' });
hooks.register({ names: () => 'b', resolve: (id) => 'b:' + id, transform: (s) => s + '-b', fetch: async (n) => n * 3 }, { name: 'b' });
hooks.register({ resolve: () => 'never' }, { name: 'c' });
hooks.register({ transform: wrap((next, s) => '[' + next(s) + ']') }, { name: 'wrapper' });

const results = {
  series: hooks.call('names'),
  first: hooks.call('resolve', 'x'),
  waterfall: hooks.call('transform', 's'),
  parallel: await hooks.callAsync('fetch', 5),
  hasProcess: typeof process !== 'undefined',
};
document.body.textContent = JSON.stringify(results);
window.results = results;
`;

let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
  const dir = tempDir('browser');
  mkdirSync(join(dir, 'node_modules'));
  // The page imports the package by name, as an app would, through its exports map.
  symlinkSync(repoRoot, join(dir, 'node_modules', 'plugboard'), 'dir');
  writeFileSync(join(dir, 'page.js'), page);
  await build({
    absWorkingDir: dir,
    entryPoints: ['page.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'out', 'page.js'),
    logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': [
      'text/html',
      '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body><script type="module" src="/page.js"></script>',
    ],
    '/page.js': ['text/javascript', readFileSync(join(dir, 'out', 'page.js'), 'utf8')],
  };
  server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    response.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    response.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH`,
    );
  }
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('plugboard/hooks in headless Chromium', () => {
  test('series, first, waterfall, parallel and a wrapper give their results in the page', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await tab.goto(url);
    await tab.waitForFunction(() => 'results' in globalThis, undefined, { timeout: 10_000 });
    const results = await tab.evaluate(() => (globalThis as unknown as { results: unknown }).results);
    expect(errors).toEqual([]);
    expect(results).toEqual({
      series: ['a', 'b'],
      first: 'b:x',
      waterfall: '[s-a-b]',
      parallel: [10, 15],
      hasProcess: false,
    });
  });
});
