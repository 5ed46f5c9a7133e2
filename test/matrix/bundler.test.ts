/**
 * The bundler cells (issue 17): the fixture app of test/bundler/ built with Vite and
 * `plugboard/bundler` under pnpm (isolated), Yarn 4 Plug'n'Play and bun (isolated), then opened
 * in headless Chromium with the same assertions as test/bundler/build.test.ts: the good plugins
 * render, the broken one is coded, each plugin is its own chunk, the unused one is never fetched.
 * Vite is the repository's own, started by the app's build script as a user's config would; the
 * plugin and its runtime are the app's, resolved through each package manager's layout (under PnP,
 * `yarn node` and from Yarn's zip archives). And the dev server under pnpm: `pnpm add` of a plugin
 * while it runs reaches the open page.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { filesUnder, GROUP, MARKERS, mainJs, pluginSpecs, serve } from '../bundler/app.js';
import {
  installWorkspace,
  type PackageManager,
  packMany,
  plugboardTarball,
  pmEnv,
  repoRoot,
  tempDir,
  tool,
  writePackage,
} from '../support/fixtures.js';

const BUILD = `import { vite } from 'plugboard/bundler';
const { build } = await import(process.env.PLUGBOARD_VITE);
await build({
  root: process.cwd(),
  configFile: false,
  logLevel: 'warn',
  build: { outDir: process.env.OUT, emptyOutDir: true },
  plugins: [vite()],
});
`;

const pms = (process.env.PLUGBOARD_BUNDLER_PMS?.split(',') ?? ['pnpm', 'yarn4-pnp', 'bun']) as PackageManager[];

let browser: Browser;
const servers: Server[] = [];
let tarballs: string[];

beforeAll(async () => {
  const parent = tempDir('mx-bundler-plugins');
  tarballs = packMany(pluginSpecs().map((spec) => writePackage(parent, spec)));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe.each(pms)('vite build under %s', (pm) => {
  let out: string;
  let files: string[];

  beforeAll(() => {
    const dependencies: Record<string, string> = { plugboard: `file:${plugboardTarball()}` };
    pluginSpecs().forEach((spec, i) => {
      dependencies[spec.name] = `file:${tarballs[i]}`;
    });
    const root = installWorkspace({
      pm,
      packages: [
        {
          name: 'widget-app',
          type: 'module',
          manifest: { private: true },
          dependencies,
          files: {
            'main.js': mainJs,
            'index.html':
              '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body><script type="module" src="/main.js"></script>',
            'build.mjs': BUILD,
          },
        },
      ],
    });
    const app = join(root, 'packages/widget-app');
    // So that a cell cannot pass on another layout: PnP has no node_modules for the plugins at all.
    const linked = existsSync(join(app, 'node_modules/ts-widget')) || existsSync(join(root, 'node_modules/ts-widget'));
    expect(linked).toBe(pm !== 'yarn4-pnp');
    out = tempDir(`mx-bundler-out-${pm}`);
    const run = pm === 'yarn4-pnp' ? [tool('yarn4'), 'node', 'build.mjs'] : ['build.mjs'];
    execFileSync(process.execPath, run, {
      cwd: app,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: pmEnv({
        OUT: out,
        PLUGBOARD_VITE: pathToFileURL(join(repoRoot, 'node_modules/vite/dist/node/index.js')).href,
      }),
    });
    files = filesUnder(out);
  }, 300_000);

  test('each plugin is its own chunk, and the page shows the good ones, the broken one coded, never fetching the unused one', async () => {
    const holding = (marker: string) =>
      files.filter((f) => f.endsWith('.js') && readFileSync(join(out, f), 'utf8').includes(marker));
    const chunks = Object.fromEntries(Object.entries(MARKERS).map(([pkg, marker]) => [pkg, holding(marker)]));
    for (const list of Object.values(chunks)) expect(list).toHaveLength(1);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const entry = /src="\/([^"]+)"/.exec(html)![1]!;
    expect(Object.values(chunks).flat()).not.toContain(entry);

    const { server, url } = await serve(out);
    servers.push(server);
    const tab = await browser.newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('request', (request) => requested.push(new URL(request.url()).pathname.slice(1)));
    await tab.goto(url);
    await tab.waitForFunction(() => 'results' in globalThis, undefined, { timeout: 20_000 });
    const results = (await tab.evaluate(() => (globalThis as unknown as { results: unknown }).results)) as {
      names: string[];
      rendered: [string, string][];
      errors: { code: string; entry: string; package: string; message: string }[];
    };
    await tab.close();
    expect(errors).toEqual([]);
    expect(results.names).toEqual(['broken', 'cjs', 'lazy', 'ts']);
    expect(results.rendered).toEqual([
      ['ts', MARKERS['ts-widget']],
      ['cjs', MARKERS['cjs-widget']],
    ]);
    expect(results.errors).toMatchObject([{ code: 'contract-failed', entry: 'broken', package: 'broken-widget' }]);
    expect(results.errors[0]!.message).toMatch(
      new RegExp(
        `^entry point 'broken' in group '${GROUP.replace('.', '\\.')}' of broken-widget \\([^)]*package\\.json\\): `,
      ),
    );
    for (const pkg of ['ts-widget', 'cjs-widget', 'broken-widget'] as const)
      expect(requested).toContain(chunks[pkg]![0]);
    expect(requested).not.toContain(chunks['lazy-widget']![0]);
  });
});

describe('the Vite dev server under pnpm', () => {
  test('pnpm add of a plugin while the server runs shows it on the open page, without a restart', async () => {
    const dependencies: Record<string, string> = { plugboard: `file:${plugboardTarball()}` };
    const specs = pluginSpecs();
    specs.forEach((spec, i) => {
      if (spec.name !== 'lazy-widget') dependencies[spec.name] = `file:${tarballs[i]}`;
    });
    const root = installWorkspace({
      pm: 'pnpm',
      packages: [
        {
          name: 'widget-app',
          type: 'module',
          manifest: { private: true },
          dependencies,
          files: {
            'main.js': mainJs,
            'index.html':
              '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body><script type="module" src="/main.js"></script>',
          },
        },
      ],
    });
    const app = join(root, 'packages/widget-app');
    const plugin = createRequire(join(app, 'package.json')).resolve('plugboard/package.json');
    const { vite } = (await import(
      pathToFileURL(join(dirname(plugin), 'dist/bundler/index.js')).href
    )) as typeof import('../../src/bundler/index.js');
    const { createServer } = await import('vite');
    const server = await createServer({
      root: app,
      configFile: false,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0 },
      plugins: [vite()],
    });
    await server.listen();
    const tab = await browser.newPage();
    try {
      await tab.goto(server.resolvedUrls!.local[0]!);
      type Results = { names?: string[] };
      await tab.waitForFunction(() => 'results' in globalThis, undefined, { timeout: 60_000 });
      expect(await tab.evaluate(() => (globalThis as unknown as { results: Results }).results.names)).toEqual([
        'broken',
        'cjs',
        'ts',
      ]);
      const lazy = tarballs[specs.findIndex((spec) => spec.name === 'lazy-widget')]!;
      // Asynchronously: the dev server runs in this process and must keep serving.
      await promisify(execFile)(
        process.execPath,
        [tool('pnpm'), 'add', `file:${lazy}`, '--prefer-offline', '--reporter=silent'],
        {
          cwd: app,
          env: pmEnv(),
        },
      );
      await tab.waitForFunction(
        () => (globalThis as unknown as { results?: Results }).results?.names?.includes('lazy'),
        undefined,
        { timeout: 60_000 },
      );
      expect(await tab.evaluate(() => (globalThis as unknown as { results: Results }).results.names)).toEqual([
        'broken',
        'cjs',
        'lazy',
        'ts',
      ]);
    } finally {
      await tab.close();
      await server.close();
    }
  });
});
