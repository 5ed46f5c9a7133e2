/**
 * docs/bundler.md is a test: each bundler's section holds a config (or build script) that builds
 * the app of "The app", run in the fixture app the way the page says (each bundler's CLI, or
 * `node build.mjs`, in the project folder); the built page, opened in headless Chromium, must show
 * exactly the page's text block. The plugins, plugboard and valibot are real installs; the five
 * bundlers are the repository's own, linked into the app as test/browser/hooks.test.ts links
 * plugboard, since installing all of them per run would take minutes and test nothing of ours.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installHost, packMany, repoRoot, tempDir, writePackage } from '../support/fixtures.js';
import { readmeBlocks } from '../support/readme.js';
import { indexHtml, pluginSpecs, serve } from './app.js';

const doc = readFileSync(join(repoRoot, 'docs/bundler.md'), 'utf8');

/** The fenced blocks of one `##` section of docs/bundler.md. */
function blocks(heading: string): { lang: string; code: string }[] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`docs/bundler.md has no '## ${heading}' section`);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** A block's file, named by its first line (`// vite.config.js`). */
function file(block: { code: string }): { name: string; code: string } {
  const name = /^\/\/ (\S+)\n/.exec(block.code)?.[1];
  if (!name) throw new Error(`a code block of docs/bundler.md does not name its file: ${block.code}`);
  return { name, code: block.code };
}

const bin = (path: string) => join(repoRoot, 'node_modules', path);
/** How each section's build is started, in the project folder, and where the page ends up. */
const sections = {
  Vite: { run: [bin('vite/bin/vite.js'), 'build'], page: undefined, module: true },
  Rollup: { run: [bin('rollup/dist/bin/rollup'), '-c', '--silent'], page: 'main.js', module: true },
  // webpack and Rspack without their CLIs (not installed here): the config, as the CLI would run it.
  webpack: { run: apiRun('webpack', 'webpack.config.js'), page: 'main.js', module: false },
  esbuild: { run: ['build.mjs'], page: 'main.js', module: true },
  Rspack: { run: apiRun('@rspack/core', 'rspack.config.js'), page: 'main.js', module: false },
} as const;

function apiRun(pkg: string, config: string): string[] {
  const factory = pkg === 'webpack' ? 'bundler' : '{ rspack as bundler }';
  return [
    '--input-type=module',
    '-e',
    `import ${factory} from '${pkg}';
import config from './${config}';
bundler(config).run((error, stats) => {
  if (error || stats.hasErrors()) { console.error(error ?? stats.toString()); process.exit(1); }
});`,
  ];
}

let app: string;
let browser: Browser;
const servers: Server[] = [];

beforeAll(async () => {
  const parent = tempDir('bundler-docs-plugins');
  const tarballs = packMany(pluginSpecs().map((spec) => writePackage(parent, spec)));
  app = installHost({
    name: 'docs-app',
    plugboard: true,
    install: [...tarballs.map((tarball) => ({ tarball })), { spec: 'valibot@^1.5.0' }],
    files: { 'index.html': indexHtml('/main.js') },
  });
  for (const name of [
    'vite',
    'rollup',
    '@rollup/plugin-node-resolve',
    '@rollup/plugin-commonjs',
    'webpack',
    '@rspack/core',
    'esbuild',
  ]) {
    const link = join(app, 'node_modules', name);
    if (name.startsWith('@')) execFileSync('mkdir', ['-p', join(link, '..')]);
    symlinkSync(join(repoRoot, 'node_modules', name), link, 'dir');
  }
  const main = file(blocks('The app')[0]!);
  writeFileSync(join(app, main.name), main.code);
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

describe('docs/bundler.md', () => {
  test('"The app" shows what its text block says, and "Types" is a tsconfig that names the types', () => {
    const [, shown] = blocks('The app');
    expect(shown!.lang).toBe('text');
    const tsconfig = JSON.parse(blocks('Types')[0]!.code) as { compilerOptions: { types: string[] } };
    expect(tsconfig.compilerOptions.types).toEqual(['plugboard/bundler/virtual']);
    // The tsconfig as the page gives it, in a TypeScript project: the ids are typed, and a typo fails.
    const project = {
      ...tsconfig,
      compilerOptions: {
        ...tsconfig.compilerOptions,
        strict: true,
        noEmit: true,
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2023', 'dom'],
      },
      files: ['check.ts'],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(project));
    const tsc = (code: string) => {
      writeFileSync(join(app, 'check.ts'), code);
      try {
        execFileSync(process.execPath, [bin('typescript/bin/tsc'), '-p', '.'], {
          cwd: app,
          encoding: 'utf8',
          stdio: 'pipe',
        });
        return '';
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    };
    const good = `import widgets, { loadAll, loadNamed } from 'virtual:plugboard/my-app.widgets';
import * as v from 'valibot';
const names: readonly string[] = widgets.names;
const version: string = widgets.get('ts').package.version;
const { plugins, errors } = await loadAll({ schema: v.object({ render: v.function() }) });
const rendered: unknown = plugins[0]?.plugin.render();
const codes: string[] = errors.map((e) => e.code);
await loadNamed(['ts']);
export { names, version, rendered, codes };
`;
    expect(tsc(good)).toBe('');
    expect(
      tsc(`import widgets from 'virtual:plugboard/my-app.widgets';\nexport const n: number = widgets.names;\n`),
    ).toMatch(/TS2322/);
  });

  test("the README's section shows the Vite config this page runs, and the same import", () => {
    const [config, use] = readmeBlocks('Bundled and browser apps');
    expect(config!.code).toBe(blocks('Vite')[0]!.code);
    const main = blocks('The app')[0]!.code;
    for (const line of use!.code.trimEnd().split('\n')) expect(main).toContain(line);
  });

  test.each(Object.entries(sections))(
    '%s: the config builds the app, and the page shows the text',
    async (heading, how) => {
      const expected = blocks('The app')[1]!.code.trimEnd();
      const config = file(blocks(heading)[0]!);
      writeFileSync(join(app, config.name), config.code);
      const out = join(app, 'dist');
      rmSync(out, { recursive: true, force: true });
      try {
        execFileSync(process.execPath, [...how.run], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } finally {
        rmSync(join(app, config.name));
      }
      if (how.page) writeFileSync(join(out, 'index.html'), indexHtml(`/${how.page}`, how.module));
      const { server, url } = await serve(out);
      servers.push(server);
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(url);
      type Page = { document: { body: { textContent: string | null } } };
      // Functions run in the page: each reads the page's own document.
      await tab.waitForFunction(
        () => (globalThis as unknown as Page).document.body.textContent?.includes('contract-failed'),
        undefined,
        { timeout: 20_000 },
      );
      const text = await tab.evaluate(() => (globalThis as unknown as Page).document.body.textContent);
      await tab.close();
      expect(errors).toEqual([]);
      expect(text).toBe(expected);
    },
  );
});
