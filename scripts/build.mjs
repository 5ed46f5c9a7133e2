// `npm run build`: one esbuild run with code splitting builds every public entry and the bin from
// src/, so a class such as PlugboardError is one class across `plugboard`, `plugboard/hooks` and
// `plugboard/tools`; tsc then writes only the .d.ts files. dist/ ships bundles and declarations,
// not every module twice.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** The entries, as `dist/<key>.js`: the package's exports map and its bin. */
export const entries = {
  index: 'src/index.ts',
  'hooks/index': 'src/hooks/index.ts',
  'tools/index': 'src/tools/index.ts',
  'cli/main': 'src/cli/main.ts',
  // Not an export: the file an isolated plugin's worker or child process starts with (src/isolate/).
  'isolate/runner': 'src/isolate/runner.ts',
  'bundler/index': 'src/bundler/index.ts',
};

rmSync(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['module', 'main'],
  // Our runtime dependencies stay imports (they are installed beside us), as do Node's built-ins.
  packages: 'external',
  external: ['node:*'],
  // At dist/'s top level, beside index.js: code that finds the package root one level up (the
  // discovery index's own-code key) finds the same root from either.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
// The runtime of `virtual:plugboard/<group>` modules, which the generated code imports by its path
// (it is no export, docs/bundler.md). Built on its own, without splitting: in the shared run its
// few modules (the collection, the loading errors, the group's loader) land in the chunk that also
// holds discovery and its Node built-ins, which a browser bundle cannot take. On its own, tree
// shaking leaves only them. Its PlugboardError is its own copy; codes, not classes, are the contract.
await build({
  absWorkingDir: root,
  entryPoints: { 'bundler/runtime': 'src/bundler/runtime.ts' },
  outdir: dist,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  logLevel: 'warning',
});
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
chmodSync(join(dist, 'cli/main.js'), 0o755);
// tsc does not copy a hand-written declaration file: the types of `virtual:plugboard/*`.
copyFileSync(join(root, 'src/bundler/virtual.d.ts'), join(dist, 'bundler/virtual.d.ts'));
