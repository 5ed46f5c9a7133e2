/**
 * The fixture app built by each of Vite, Rollup, webpack, esbuild and Rspack, served on 127.0.0.1
 * and opened in headless Chromium. The same assertions run against every bundler: the page shows
 * the two good plugins' output and the broken plugin's coded error; each plugin's code is in its own
 * chunk and none of it in the initial chunk; the plugin the page never loads is never fetched.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { filesUnder, GROUP, installApp, MARKERS, serve } from './app.js';
import { type BundlerName, bundlers } from './bundlers.js';

const only = process.env.PLUGBOARD_BUNDLERS?.split(',') as BundlerName[] | undefined;
const names = (Object.keys(bundlers) as BundlerName[]).filter((name) => !only || only.includes(name));

let app: string;
let browser: Browser;
const servers: Server[] = [];

beforeAll(async () => {
  ({ app } = installApp());
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The output files that hold `marker`. */
function holding(out: string, files: readonly string[], marker: string): string[] {
  return files.filter((file) => file.endsWith('.js') && readFileSync(join(out, file), 'utf8').includes(marker));
}

/** The entry and every file it imports statically (the initial chunk and what must load with it). */
function initialFiles(out: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(out, file), 'utf8');
    // Static imports only, as minifiers print them: `import{a}from"./x.js"`, `import"./x.js"`.
    for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["']\.\/([^"']+)["']/g)) {
      const target = join(file, '..', m[1]!).split('\\').join('/');
      visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

describe.each(names)('%s', (name) => {
  let out: string;
  let entry: string;
  let warnings: string[];
  let files: string[];

  beforeAll(async () => {
    out = tempDir(`out-${name}`);
    ({ entry, warnings } = await bundlers[name](app, out));
    files = filesUnder(out);
  }, 120_000);

  test('each plugin is its own chunk, and the initial chunk holds none of them', () => {
    const chunks = Object.fromEntries(
      Object.entries(MARKERS).map(([pkg, marker]) => [pkg, holding(out, files, marker)]),
    );
    for (const list of Object.values(chunks)) expect(list).toHaveLength(1);
    expect(new Set(Object.values(chunks).flat()).size).toBe(4);
    const initial = initialFiles(out, entry);
    expect(initial.filter((file) => Object.values(chunks).flat().includes(file))).toEqual([]);
    expect(warnings.filter((w) => w.includes('plugboard'))).toEqual([]);
  });

  test('the page shows the good plugins, the broken one coded, and never fetches the unused one', async () => {
    const { server, url } = await serve(out);
    servers.push(server);
    const tab = await browser.newPage();
    const errors: string[] = [];
    const requested: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    tab.on('request', (request) => requested.push(new URL(request.url()).pathname.slice(1)));
    await tab.goto(url);
    await tab.waitForFunction(() => 'results' in globalThis, undefined, { timeout: 20_000 });
    const results = await tab.evaluate(() => (globalThis as unknown as { results: unknown }).results);
    await tab.close();
    expect(errors).toEqual([]);
    expect(results).toEqual({
      names: ['broken', 'cjs', 'lazy', 'ts'],
      entries: [
        { name: 'broken', value: '.', package: 'broken-widget', version: '1.0.0', meta: null },
        { name: 'cjs', value: './widget', package: 'cjs-widget', version: '1.0.0', meta: null },
        { name: 'lazy', value: '.', package: 'lazy-widget', version: '1.0.0', meta: { label: 'Lazy' } },
        { name: 'ts', value: '.:widget', package: 'ts-widget', version: '1.0.0', meta: null },
      ],
      rendered: [
        ['ts', MARKERS['ts-widget']],
        ['cjs', MARKERS['cjs-widget']],
      ],
      errors: [
        {
          code: 'contract-failed',
          entry: 'broken',
          package: 'broken-widget',
          message: `entry point 'broken' in group '${GROUP}' of broken-widget (node_modules/broken-widget/package.json): the loaded object does not satisfy the group's schema: render: render must be a function`,
        },
      ],
      hasProcess: false,
    });
    const lazy = holding(out, files, MARKERS['lazy-widget'])[0]!;
    for (const pkg of ['ts-widget', 'cjs-widget', 'broken-widget'] as const) {
      expect(requested).toContain(holding(out, files, MARKERS[pkg])[0]);
    }
    expect(requested).not.toContain(lazy);
  });
});
