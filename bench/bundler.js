// `npm run bench` (and `npm run bench:bundler`): plugboard/bundler against hand-written thunks.
//
// A generated app with 100 plugin packages (each `exports` a `./sub` that `entryPoints` names) is
// built with Vite, once importing `virtual:plugboard/<group>` and once with a hand-written
// `[name, () => import('pkg/sub')]` table, each build a whole `node` process, interleaved in
// rounds so load on a shared machine hits both alike. Reports the median over rounds of each
// round's build-time ratio (target ≤ 1.10×), and the initial-chunk bytes (minified, as Vite
// writes them) each entry adds: (bytes with 100 entries − bytes with none) / 100 (target ≤ 150).
//
// Env: BENCH_BUNDLER_RUNS (rounds, default 5), BENCH_BUNDLER_PLUGINS (default 100), BENCH_KEEP=1.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const runs = Number(process.env.BENCH_BUNDLER_RUNS ?? 5);
const count = Number(process.env.BENCH_BUNDLER_PLUGINS ?? 100);
const GROUP = 'bench.widgets';
const work = mkdtempSync(join(tmpdir(), 'plugboard-bench-bundler-'));

/** The build script each case runs: the repo's Vite and the repo's built plugin, by path. */
const BUILD = `const { build } = await import(${JSON.stringify(pathToFileURL(join(repo, 'node_modules/vite/dist/node/index.js')).href)});
const { vite } = await import(${JSON.stringify(pathToFileURL(join(repo, 'dist/bundler/index.js')).href)});
const [entry, out] = process.argv.slice(2);
await build({
  root: process.cwd(),
  configFile: false,
  logLevel: 'error',
  build: { outDir: out, emptyOutDir: true, rollupOptions: { input: entry } },
  plugins: [vite()],
});
`;

/** An app with `n` plugin packages and the four pages the cases build. */
function generate(dir, n) {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module' }));
  // plugboard as a project sees it: the repo, linked (the plugin's runtime comes from its dist/).
  symlinkSync(repo, join(dir, 'node_modules/plugboard'), 'dir');
  const names = [];
  for (let i = 0; i < n; i++) {
    const name = `widget-${i}`;
    names.push(name);
    const pkg = join(dir, 'node_modules', name);
    mkdirSync(pkg);
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name,
        version: '1.0.0',
        type: 'module',
        exports: { './sub': './sub.js' },
        entryPoints: { [GROUP]: { [`w${i}`]: './sub' } },
      }),
    );
    writeFileSync(join(pkg, 'sub.js'), `export default { id: ${i}, render: () => 'widget ${i}' };\n`);
  }
  const use = 'window.names = plugins.map ? plugins.map((p) => p[0]) : plugins.names;\n';
  const hand = (list) =>
    `const plugins = [\n${list.map((name, i) => `  ['w${i}', () => import('${name}/sub')],`).join('\n')}\n];\n${use}`;
  const pages = {
    'plugboard.html': `import plugins from 'virtual:plugboard/${GROUP}';\n${use}`,
    'plugboard-empty.html': `import plugins from 'virtual:plugboard/${GROUP}.none';\n${use}`,
    'hand.html': hand(names),
    'hand-empty.html': hand([]),
  };
  for (const [page, js] of Object.entries(pages)) {
    const script = page.replace('.html', '.js');
    writeFileSync(join(dir, script), js);
    writeFileSync(
      join(dir, page),
      `<!doctype html><meta charset="utf-8"><body><script type="module" src="/${script}"></script>`,
    );
  }
  writeFileSync(join(dir, 'build.mjs'), BUILD);
}

function build(dir, page) {
  const out = join(dir, `out-${page.replace('.html', '')}`);
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['build.mjs', page, out], { cwd: dir, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.status !== 0) throw new Error(`vite build of ${page} failed: ${result.stderr}${result.stdout}`);
  return { ms, out };
}

/** Bytes of the page's entry chunk and every chunk it imports statically: what loads first. */
function initialBytes(out, page) {
  const html = readFileSync(join(out, page), 'utf8');
  const entry = /src="\/([^"]+)"/.exec(html)[1];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return 0;
    seen.add(file);
    const code = readFileSync(join(out, file), 'utf8');
    let bytes = Buffer.byteLength(code);
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{}\s,]*?from\s*)?["']\.\/([^"']+)["']/g)) {
      bytes += visit(join(dirname(file), m[1]).split('\\').join('/'));
    }
    return bytes;
  };
  return visit(entry);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  const app = join(work, 'app');
  generate(app, count);
  console.log(`plugboard/bundler benchmark: Vite build of an app with ${count} plugin packages, ${runs} rounds`);
  // Warm-up (page cache, Vite's own first start), not recorded.
  build(app, 'plugboard.html');
  build(app, 'hand.html');
  const ratios = [];
  const times = { plugboard: [], hand: [] };
  for (let round = 0; round < runs; round++) {
    // Alternate which goes first, so neither always runs on a cache the other warmed.
    const order = round % 2 ? ['hand', 'plugboard'] : ['plugboard', 'hand'];
    const t = {};
    for (const name of order) t[name] = build(app, `${name}.html`).ms;
    times.plugboard.push(t.plugboard);
    times.hand.push(t.hand);
    ratios.push(t.plugboard / t.hand);
  }
  const bytes = {};
  for (const page of ['plugboard', 'plugboard-empty', 'hand', 'hand-empty']) {
    const { out } = build(app, `${page}.html`);
    bytes[page] = initialBytes(out, `${page}.html`);
  }
  const perEntry = (bytes.plugboard - bytes['plugboard-empty']) / count;
  const handPerEntry = (bytes.hand - bytes['hand-empty']) / count;
  const ratio = median(ratios);
  const pad = (text, width) => String(text).padEnd(width);
  const line = (label, value, target, ok) =>
    console.log(
      `  ${pad(label, 52)}${pad(value, 22)}${pad(target, 12)}${ok === undefined ? '' : ok ? 'ok' : 'MISSED'}`,
    );
  line('build, virtual:plugboard (median ms)', median(times.plugboard).toFixed(0), '(info)');
  line('build, hand-written thunks (median ms)', median(times.hand).toFixed(0), '(info)');
  line('build time, plugboard / hand-written (paired)', `${ratio.toFixed(2)}×`, '≤ 1.10×', ratio <= 1.1);
  line('initial-chunk bytes per entry, plugboard', `${perEntry.toFixed(1)} B`, '≤ 150 B', perEntry <= 150);
  line('initial-chunk bytes per entry, hand-written', `${handPerEntry.toFixed(1)} B`, '(info)');
  line(
    'initial-chunk bytes, plugboard runtime (no entries)',
    `${bytes['plugboard-empty'] - bytes['hand-empty']} B`,
    '(info)',
  );
} finally {
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`\napp kept in ${work}`);
}
