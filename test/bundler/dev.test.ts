/**
 * The Vite dev server: a fourth plugin installed with the real npm while the server runs shows up
 * on the open page without a restart (the plugin watches the package managers' state files and
 * reloads the page), and SSR (`vite build --ssr`, `ssrLoadModule`) gets the same module.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ViteDevServer } from 'vite';
import { GROUP, installApp } from './app.js';
import { pluginOf } from './bundlers.js';

let app: string;
let tarballs: Map<string, string>;
let browser: Browser;
let server: ViteDevServer;

beforeAll(async () => {
  ({ app, tarballs } = installApp({ plugins: ['ts-widget', 'cjs-widget', 'broken-widget'] }));
  const { createServer } = await import('vite');
  const plugboard = await pluginOf(app);
  server = await createServer({
    root: app,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    plugins: [plugboard.vite()],
  });
  await server.listen();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The real npm, asynchronously: the dev server runs in this process and must keep serving. */
function npm(args: string[]): Promise<unknown> {
  return promisify(execFile)('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'], {
    cwd: app,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

type Results = { names?: string[]; rendered?: [string, string][]; failed?: string };

describe('the Vite dev server', () => {
  test('npm install of a fourth plugin while the server runs shows it on the open page, without a restart', async () => {
    const url = server.resolvedUrls!.local[0]!;
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(url);
    await tab.waitForFunction(() => 'results' in globalThis, undefined, { timeout: 60_000 });
    const before = (await tab.evaluate(() => (globalThis as unknown as { results: Results }).results)) as Results;
    expect(before.failed).toBeUndefined();
    expect(before.names).toEqual(['broken', 'cjs', 'ts']);
    expect(before.rendered).toEqual([
      ['ts', 'ts widget rendered'],
      ['cjs', 'cjs widget rendered'],
    ]);
    const httpServer = server.httpServer;
    await npm(['install', tarballs.get('lazy-widget')!]);
    // The page reloads itself (no tab.reload() here): wait until it lists the new plugin.
    await tab.waitForFunction(
      () => (globalThis as unknown as { results?: Results }).results?.names?.includes('lazy'),
      undefined,
      { timeout: 60_000 },
    );
    const after = (await tab.evaluate(() => (globalThis as unknown as { results: Results }).results)) as Results;
    expect(after.names).toEqual(['broken', 'cjs', 'lazy', 'ts']);
    expect(server.httpServer).toBe(httpServer);
    expect(errors).toEqual([]);
    await tab.close();
  });

  test('npm uninstall of a plugin while the server runs takes it off the open page', async () => {
    const tab = await browser.newPage();
    await tab.goto(server.resolvedUrls!.local[0]!);
    await tab.waitForFunction(() => 'results' in globalThis, undefined, { timeout: 60_000 });
    await npm(['uninstall', 'lazy-widget']);
    await tab.waitForFunction(
      () => {
        const names = (globalThis as unknown as { results?: Results }).results?.names;
        return names !== undefined && !names.includes('lazy');
      },
      undefined,
      { timeout: 60_000 },
    );
    const after = (await tab.evaluate(() => (globalThis as unknown as { results: Results }).results)) as Results;
    expect(after.names).toEqual(['broken', 'cjs', 'ts']);
    await tab.close();
  });

  test('vite build --ssr bundles the same module, loadable in Node', async () => {
    const { build } = await import('vite');
    const plugboard = await pluginOf(app);
    writeFileSync(
      join(app, 'server.js'),
      `export { default as plugins, loadNamed } from 'virtual:plugboard/${GROUP}';\n`,
    );
    // Inside the project, as an app's server build is: it imports the plugins from node_modules.
    const out = join(app, 'dist-ssr');
    await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      build: { ssr: 'server.js', outDir: out, emptyOutDir: true },
      plugins: [plugboard.vite()],
    });
    const mod = (await import(pathToFileURL(join(out, 'server.js')).href)) as {
      plugins: { names: string[] };
      loadNamed: (names: string[]) => Promise<{ plugins: { plugin: { render(): string } }[] }>;
    };
    expect(mod.plugins.names).toEqual(expect.arrayContaining(['broken', 'cjs', 'ts']));
    const { plugins } = await mod.loadNamed(['cjs']);
    expect(plugins.map((p) => p.plugin.render())).toEqual(['cjs widget rendered']);
  });

  test('ssrLoadModule gets the same collection', async () => {
    const mod = (await server.ssrLoadModule(`virtual:plugboard/${GROUP}`)) as {
      default: { names: string[] };
      loadNamed: (names: string[]) => Promise<{ plugins: { name: string; plugin: { render(): string } }[] }>;
    };
    expect(mod.default.names).toEqual(expect.arrayContaining(['broken', 'cjs', 'ts']));
    const { plugins } = await mod.loadNamed(['ts']);
    expect(plugins.map((p) => p.plugin.render())).toEqual(['ts widget rendered']);
  });
});
