/**
 * The five bundlers, each building the fixture app into a folder with an `index.html`, through
 * the plugboard plugin that the app installed (node_modules/plugboard, from the packed tarball).
 * Each config is what a user would write; the tests run the same assertions against every one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { indexHtml } from './app.js';

type BundlerModule = typeof import('../../src/bundler/index.js');

/** The app's own plugboard/bundler. */
export async function pluginOf(app: string): Promise<BundlerModule> {
  return import(pathToFileURL(join(app, 'node_modules/plugboard/dist/bundler/index.js')).href);
}

export interface BuildOutput {
  /** The entry file the page loads, relative to the output folder. */
  readonly entry: string;
  /** Warnings the bundler reported, as text. */
  readonly warnings: string[];
}

export type BundlerName = 'vite' | 'rollup' | 'webpack' | 'esbuild' | 'rspack';

/** Builds `app` into `out` with one bundler. Rejects with the bundler's error when the build fails. */
export const bundlers: Record<
  BundlerName,
  (app: string, out: string, options?: import('../../src/bundler/index.js').BundlerOptions) => Promise<BuildOutput>
> = {
  async vite(app, out, options = {}) {
    const { build } = await import('vite');
    const plugboard = await pluginOf(app);
    const warnings: string[] = [];
    await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      customLogger: quietLogger(warnings),
      build: { outDir: out, emptyOutDir: true, minify: true },
      plugins: [plugboard.vite(options)],
    });
    const html = (await import('node:fs')).readFileSync(join(out, 'index.html'), 'utf8');
    const entry = /src="\/([^"]+)"/.exec(html)![1]!;
    return { entry, warnings };
  },
  async rollup(app, out, options = {}) {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    // Typed for CommonJS consumers: under NodeNext its default export reads as the namespace.
    const commonjs = (await import('@rollup/plugin-commonjs')).default as unknown as () => import('rollup').Plugin;
    const plugboard = await pluginOf(app);
    const warnings: string[] = [];
    const bundle = await rollup({
      input: join(app, 'main.js'),
      plugins: [plugboard.rollup({ cwd: app, ...options }), nodeResolve({ browser: true, rootDir: app }), commonjs()],
      onwarn: (warning) => warnings.push(warning.message),
    });
    await bundle.write({ dir: out, format: 'es', entryFileNames: 'main.js' });
    await bundle.close();
    writeFileSync(join(out, 'index.html'), indexHtml('/main.js'));
    return { entry: 'main.js', warnings };
  },
  async webpack(app, out, options = {}) {
    const webpack = (await import('webpack')).default;
    const plugboard = await pluginOf(app);
    const compiler = webpack({
      mode: 'production',
      context: app,
      entry: './main.js',
      output: { path: out, filename: 'main.js', publicPath: '/' },
      plugins: [plugboard.webpack(options)],
      infrastructureLogging: { level: 'error' },
    });
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) =>
      compiler.run((error, result) => (error ? reject(error) : resolve(result!))),
    );
    await new Promise((resolve) => compiler.close(resolve));
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    if (stats.hasErrors()) throw new Error(info.errors!.map((e) => e.message).join('\n'));
    writeFileSync(join(out, 'index.html'), indexHtml('/main.js', false));
    return { entry: 'main.js', warnings: (info.warnings ?? []).map((w) => w.message) };
  },
  async esbuild(app, out, options = {}) {
    const { build } = await import('esbuild');
    const plugboard = await pluginOf(app);
    const result = await build({
      absWorkingDir: app,
      entryPoints: ['main.js'],
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      outdir: out,
      plugins: [plugboard.esbuild(options)],
      logLevel: 'silent',
    });
    writeFileSync(join(out, 'index.html'), indexHtml('/main.js'));
    return { entry: 'main.js', warnings: result.warnings.map((w) => w.text) };
  },
  async rspack(app, out, options = {}) {
    const { rspack } = await import('@rspack/core');
    const plugboard = await pluginOf(app);
    const compiler = rspack({
      mode: 'production',
      context: app,
      entry: './main.js',
      output: { path: out, filename: 'main.js', publicPath: '/' },
      plugins: [plugboard.rspack(options)],
      infrastructureLogging: { level: 'error' },
    });
    const stats = await new Promise<import('@rspack/core').Stats>((resolve, reject) =>
      compiler.run((error, result) => (error ? reject(error) : resolve(result!))),
    );
    await new Promise((resolve) => compiler.close(resolve));
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    if (stats.hasErrors()) throw new Error(info.errors!.map((e) => e.message).join('\n'));
    writeFileSync(join(out, 'index.html'), indexHtml('/main.js', false));
    return { entry: 'main.js', warnings: (info.warnings ?? []).map((w) => w.message) };
  },
};

/** A Vite logger that keeps warnings instead of printing them. */
function quietLogger(warnings: string[]): import('vite').Logger {
  const logger: import('vite').Logger = {
    hasWarned: false,
    info() {},
    warn(message) {
      warnings.push(message);
    },
    warnOnce(message) {
      warnings.push(message);
    },
    error() {},
    clearScreen() {},
    hasErrorLogged: () => false,
  };
  return logger;
}
