/**
 * The fixture app of the bundler tests: a host with plugboard and four plugin packages in group
 * 'my-app.widgets', installed from tarballs with the real npm. `ts-widget` is written in
 * TypeScript and published compiled (with its types under a `types` condition first); `cjs-widget`
 * is CommonJS; `broken-widget` loads but breaks the page's contract; `lazy-widget` is listed but
 * the page never loads it. Each plugin's code carries a marker string, to find its chunk.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative } from 'node:path';
import ts from 'typescript';
import { installHost, packMany, type PackageSpec, tempDir, writePackage } from '../support/fixtures.js';

export const GROUP = 'my-app.widgets';

/** The marker in each plugin's code. */
export const MARKERS = {
  'ts-widget': 'ts widget rendered',
  'cjs-widget': 'cjs widget rendered',
  'broken-widget': 'broken widget loaded',
  'lazy-widget': 'lazy widget rendered',
} as const;

const tsSource = `export interface Widget { render(): string }
export const widget: Widget = { render: (): string => ${JSON.stringify(MARKERS['ts-widget'])} };
`;

/** The plugin packages, as folders to pack. */
export function pluginSpecs(): PackageSpec[] {
  return [
    {
      name: 'ts-widget',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      entryPoints: { [GROUP]: { ts: '.:widget' } },
      files: {
        'src/index.ts': tsSource,
        'dist/index.js': ts.transpileModule(tsSource, {
          compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
        }).outputText,
        'dist/index.d.ts': 'export interface Widget { render(): string }\nexport declare const widget: Widget;\n',
      },
    },
    {
      name: 'cjs-widget',
      type: 'commonjs',
      exports: { './widget': './lib/widget.js' },
      entryPoints: { [GROUP]: { cjs: './widget' } },
      files: {
        'lib/widget.js': `'use strict';\nmodule.exports = { render: () => ${JSON.stringify(MARKERS['cjs-widget'])} };\n`,
      },
    },
    {
      name: 'broken-widget',
      type: 'module',
      exports: './index.js',
      entryPoints: { [GROUP]: { broken: '.' } },
      files: { 'index.js': `export default { render: ${JSON.stringify(MARKERS['broken-widget'])} };\n` },
    },
    {
      name: 'lazy-widget',
      type: 'module',
      exports: './index.js',
      entryPoints: { [GROUP]: { lazy: { value: '.', meta: { label: 'Lazy' } } } },
      files: { 'index.js': `export default { render: () => ${JSON.stringify(MARKERS['lazy-widget'])} };\n` },
    },
  ];
}

/** The page: lists the group, loads three of its plugins against a Standard Schema, shows the result. */
export const mainJs = `import plugins, { loadNamed } from 'virtual:plugboard/${GROUP}';

const widgetSchema = {
  '~standard': {
    version: 1,
    vendor: 'fixture',
    validate: (value) =>
      value && typeof value.render === 'function'
        ? { value }
        : { issues: [{ message: 'render must be a function', path: ['render'] }] },
  },
};

async function main() {
  const { plugins: loaded, errors } = await loadNamed(['ts', 'cjs', 'broken'], { schema: widgetSchema });
  const results = {
    names: plugins.names,
    entries: [...plugins].map((ep) => ({ name: ep.name, value: ep.value, package: ep.package.name, version: ep.package.version, meta: ep.meta ?? null })),
    rendered: loaded.map((p) => [p.name, p.plugin.render()]),
    errors: errors.map((e) => ({ code: e.code, entry: e.entryName, package: e.package, message: e.message })),
    hasProcess: typeof process !== 'undefined',
  };
  document.body.textContent = JSON.stringify(results);
  window.results = results;
}
main().catch((error) => { window.results = { failed: String(error && error.stack || error) }; });
`;

export const indexHtml = (script: string, module = true) =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body><script ${module ? 'type="module" ' : ''}src="${script}"></script>`;

/** Installs the app (plugboard from its packed tarball, the plugins from theirs) and returns its folder. */
export function installApp(options: { plugins?: readonly string[] } = {}): {
  app: string;
  tarballs: Map<string, string>;
} {
  const specs = pluginSpecs();
  const parent = tempDir('bundler-plugins');
  const dirs = specs.map((spec) => writePackage(parent, spec));
  const tarballs = new Map(packMany(dirs).map((tgz, i) => [specs[i]!.name, tgz]));
  const wanted = options.plugins ?? specs.map((s) => s.name);
  const app = installHost({
    name: 'widget-app',
    plugboard: true,
    install: wanted.map((name) => ({ tarball: tarballs.get(name)! })),
    files: { 'main.js': mainJs, 'index.html': indexHtml('/main.js') },
  });
  return { app, tarballs };
}

/** Every file under `dir`, as paths relative to it with '/'. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** Serves `dir` on 127.0.0.1, with `index.html` at `/`. Returns the server and its URL. */
export async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = join(dir, path === '/' ? 'index.html' : path);
    let body: Buffer | undefined;
    try {
      body = file.startsWith(dir) ? readFileSync(file) : undefined;
    } catch {
      body = undefined;
    }
    response.writeHead(body ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Writes `text` to `dir/file`, making folders. */
export function write(dir: string, file: string, text: string): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
}
