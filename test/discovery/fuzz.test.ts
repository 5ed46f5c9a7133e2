/**
 * Property test of discovery and its index cache (fast-check): generated and mutated manifests and
 * layouts written into a node_modules tree that the real npm installed. For every case discovery
 * never throws, and the index it builds, replayed, gives exactly what an uncached scan gives
 * (entries, their metadata and every diagnostic). Runs in-process for speed; the racy-window rule
 * (docs/cache.md) is met by moving `Date.now()` ahead, not by waiting.
 *
 * `npm test` runs 300 cases; `npm run fuzz` runs 10,000 and prints the count. A failure
 * prints the seed and the shrunk case: rerun with FUZZ_SEED=<seed>.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { cacheStatus, entryPoints } from '../../src/index.js';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const posix = process.platform !== 'win32';

/** Everything discovery returns, as comparable text (meta through a replacer: 1e400 and -0 stay visible). */
function snapshot(cwd: string, cache: boolean): string {
  const found = entryPoints({ cwd, cache });
  return JSON.stringify(
    {
      entries: found.toArray().map((ep) => ({ ...ep.toJSON(), package: ep.package })),
      diagnostics: found.diagnostics,
    },
    (_key, value) =>
      typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))
        ? `#${String(value)}${Object.is(value, -0) ? '-0' : ''}`
        : value,
  );
}

const NAMES = ['fa', 'fb', 'fc', '@fs/fd', '@fs/fe', '@ft/ff'];
const groupName = fc.oneof(fc.constantFrom('g', 'my.plugins', '@h/x:y', '10', '2'), fc.string({ maxLength: 6 }));
const entryName = fc.oneof(
  fc.constantFrom('a', 'b', '10', '2', '__proto__', 'constructor', 'x.y'),
  fc.string({ maxLength: 6 }),
);
const value = fc.constantFrom('.', '.:plugin', './plugin:plugin', '../up', 'x', '', './a b', '.:a..b', './%2e');
const json = fc.jsonValue({ maxDepth: 3 });
const declaration = fc.oneof(
  value,
  fc.record({ value, meta: json }, { requiredKeys: ['value'] }),
  fc.record({ value, vaule: value }),
  json,
);
const entryPointsField = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.dictionary(groupName, fc.oneof(fc.dictionary(entryName, declaration, { maxKeys: 4 }), json), {
      maxKeys: 3,
    }),
  },
  { weight: 1, arbitrary: json },
);
const manifest = fc.record(
  {
    name: fc.oneof({ weight: 6, arbitrary: fc.constant('$self') }, { weight: 1, arbitrary: json }),
    version: fc.constantFrom('1.0.0', '2.0.0-rc.1', ''),
    type: fc.constantFrom('module', 'commonjs'),
    exports: fc.oneof(fc.constant('./index.js'), fc.constant({ '.': './index.js', './plugin': './index.js' }), json),
    entryPoints: entryPointsField,
    typedocOptions: fc.constant({ entryPoints: ['src/index.ts'] }),
    keywords: fc.constant(['entryPoints']),
  },
  { requiredKeys: ['name'] },
);

/** How one manifest's text is damaged after JSON.stringify. */
const mutation = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom('{', '}', ',', '"', '\\', '\u0000', '1e400', '-0', '['),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('huge-number' as const),
      number: fc.constantFrom('1e400', '-1e400', '-0', '1e-400'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.constantFrom(100, 511, 513, 3000, 7000) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
);

/** What sits at node_modules/<name>. */
const layout = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('package' as const), manifest, mutation }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dangling' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('link' as const), to: fc.constantFrom(...NAMES) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cycle' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'file' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'manifest-dir' as const }) },
  ...(posix
    ? [
        { weight: 1, arbitrary: fc.constant({ kind: 'fifo' as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'dev-zero' as const }) },
      ]
    : []),
);
const trees = fc.dictionary(fc.constantFrom(...NAMES), layout, { minKeys: 1, maxKeys: 5 });

type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

function manifestText(name: string, spec: Extract<Layout, { kind: 'package' }>): string {
  const fields = { ...spec.manifest, name: spec.manifest.name === '$self' ? name : spec.manifest.name };
  let text = JSON.stringify(fields);
  const m = spec.mutation;
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'bom':
      return `\ufeff${text}`;
    case 'huge-number':
      return text
        .replace(/}$/, `,"entryPoints":{"g":{"n":{"value":".","meta":${m.number}}},"h":{"m":${m.number}}}}`)
        .replace(/^\{/, '{"z":0,');
    case 'deep':
      return `{"name":"${name}","entryPoints":{"g":{"deep":{"value":".","meta":${'['.repeat(m.depth)}${']'.repeat(m.depth)}}}}}`;
    case 'duplicate':
      text = text.replace(/}$/, `,"entryPoints":{"g":{"dup":"."},"g":{"dup2":"."}}}`);
      return text;
    default:
      return text;
  }
}

/** The real install every case starts from. */
let template: string;
let cases: string;
let host: string;
let modules: string;
let now: ReturnType<typeof vi.spyOn> | undefined;
beforeAll(() => {
  const src = tempDir('fuzz-src');
  // A real install under the generated packages: one plugin that is always there, and a scope.
  const real = writePackage(src, {
    name: '@fs/real',
    type: 'module',
    entryPoints: { g: { real: '.:plugin' } },
    files: { 'index.js': 'export const plugin = {};\n' },
  });
  template = installHost({ install: packMany([real]).map((tarball) => ({ tarball })) });
  cases = tempDir('fuzz-cases');
});
afterAll(() => now?.mockRestore());

let made = 0;
/**
 * Writes one case into a fresh copy of the installed tree. A fresh folder each time, not the same
 * one rewritten: with the clock moved ahead, a tree changed twice within one file-system clock
 * tick would keep its stamps (the racy window exists for exactly that), and the index of the last
 * case would be replayed for the next. Staleness is cache.test.ts's subject; this is replay's.
 */
function write(tree: Record<string, Layout>): void {
  if (host !== undefined) rmSync(host, { recursive: true, force: true });
  host = join(cases, `case-${made++}`);
  cpSync(template, host, { recursive: true, verbatimSymlinks: true });
  modules = join(host, 'node_modules');
  for (const [name, spec] of Object.entries(tree)) {
    const at = join(modules, name);
    mkdirSync(join(at, '..'), { recursive: true });
    switch (spec.kind) {
      case 'package':
        mkdirSync(at);
        writeFileSync(join(at, 'package.json'), manifestText(name, spec));
        writeFileSync(join(at, 'index.js'), 'export const plugin = {};\n');
        break;
      case 'dangling':
        symlinkSync(join(host, 'missing', name), at);
        break;
      case 'link':
        symlinkSync(join(modules, spec.to), at);
        break;
      case 'cycle':
        symlinkSync(at, at);
        break;
      case 'empty':
        mkdirSync(at);
        break;
      case 'file':
        writeFileSync(at, 'not a package');
        break;
      case 'manifest-dir':
        mkdirSync(join(at, 'package.json'), { recursive: true });
        break;
      case 'fifo':
        mkdirSync(at);
        execFileSync('mkfifo', [join(at, 'package.json')]);
        break;
      case 'dev-zero':
        mkdirSync(at);
        symlinkSync('/dev/zero', join(at, 'package.json'));
        break;
    }
  }
}

test(
  `discovery never throws, and cached discovery equals uncached (${RUNS} cases)`,
  () => {
    // Every stamp is then older than the racy window (docs/cache.md), so each first cached discovery
    // writes its index and the second replays it.
    const realNow = Date.now;
    now = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_000);
    let replayed = 0;
    let count = 0;
    fc.assert(
      fc.property(trees, (generated) => {
        count++;
        write(generated);
        const uncached = snapshot(host, false);
        const building = snapshot(host, true);
        const state = cacheStatus({ cwd: host }).state;
        const replay = snapshot(host, true);
        if (state === 'fresh') replayed++;
        else if (process.env.FUZZ_DEBUG) console.log(count, JSON.stringify(cacheStatus({ cwd: host })));
        expect(building).toBe(uncached);
        expect(replay).toBe(uncached);
      }),
      {
        numRuns: RUNS,
        ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
      },
    );
    console.log(`fuzz: ${count} cases, ${replayed} replayed from a fresh index`);
    // The property is about the cache: most cases must really have replayed an index.
    expect(replayed).toBeGreaterThan(count / 2);
    // About 20 ms a case on a shared 2-core machine; `npm run fuzz` runs 10,000.
  },
  Math.max(120_000, RUNS * 100),
);
