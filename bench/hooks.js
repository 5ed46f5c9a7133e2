// Hooks benchmark: plugboard against tapable, hookable and a hand-written loop, in one run, on the
// same work: a `series` hook with 10 implementations, called synchronously and asynchronously.
// Prints time per call and ratios; nothing here is asserted (tests never time anything).
//
//   npm run bench:hooks
//
// Method: every contender is warmed up, then the contenders are timed in interleaved rounds (so
// drift in CPU frequency or GC hits them alike) and each one's median round is reported.
// tapable's SyncHook/AsyncSeriesHook and hookable's callHook discard the results, while plugboard
// and the hand loop return the array of results. That favours them: with implementations this
// small V8 inlines everything, and allocating the result array is most of what remains. So the
// sync table also shows `tapable+out`, a SyncHook whose taps push their results into an array
// passed by the caller — how a tapable user gets series results, i.e. the same work as a series.
// A third table is a `first` hook whose implementations all answer `undefined` (so every one
// runs), against tapable's SyncBailHook.
//
// It runs the built entry, `plugboard/hooks` as a user imports it. The closure fallback (no code
// generation) is measured in a child process started with --disallow-code-generation-from-strings,
// the condition it exists for: the fallback's switch stays private, and the probe that picks it is
// measured as users meet it. tapable generates code too, so that child runs only the hand loop and
// plugboard.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHooks } from 'plugboard/hooks';

const NO_CODEGEN = process.argv.includes('--no-codegen-child');
// tapable and hookable are only loaded where code generation is allowed (tapable needs it).
const { default: tapable } = NO_CODEGEN ? { default: undefined } : await import('tapable');
const { createHooks: createHookable } = NO_CODEGEN ? {} : await import('hookable');
const IMPLS = 10;
// Many short interleaved rounds rather than a few long ones: on a shared, busy machine the median
// of many short samples is far steadier.
const SYNC_CALLS = 20_000;
const ASYNC_CALLS = 2_000;
const ROUNDS = 101;

// Each implementation does a little observable work on the context it is given, so no engine can
// drop the calls as dead code, and returns a small integer. (A float accumulator such as
// `sink += x` would be boxed on every write and drown the dispatch cost we mean to measure.)
// Each contender gets its own copies (same code): hookable redefines `name` on the functions it
// is given, and that must not change how the others' calls to them are optimised.
const ctx = { calls: 0 };
const implementations = () => ({
  syncFns: Array.from({ length: IMPLS }, (_, i) => (c) => {
    c.calls++;
    return i;
  }),
  asyncFns: Array.from({ length: IMPLS }, (_, i) => async (c) => {
    c.calls++;
    return i;
  }),
});

// --- plugboard
let { syncFns, asyncFns } = implementations();
const pb = createHooks()({ build: { kind: 'series' }, buildAsync: { kind: 'series' } });
for (const [i, fn] of syncFns.entries()) pb.register({ build: fn, buildAsync: asyncFns[i] }, { name: `p${i}` });

// --- plugboard, a `series` declared `results: false`: every implementation is called and checked,
// nothing is gathered — the same work as tapable's SyncHook / AsyncSeriesHook and hookable.
({ syncFns, asyncFns } = implementations());
const pbVoid = createHooks()({
  build: { kind: 'series', results: false },
  buildAsync: { kind: 'series', results: false },
});
for (const [i, fn] of syncFns.entries()) pbVoid.register({ build: fn, buildAsync: asyncFns[i] }, { name: `p${i}` });

// --- hand-written loops, doing what plugboard does: call each, collect the results.
const hand = implementations();
const handSync = (x) => {
  const out = new Array(hand.syncFns.length);
  for (let i = 0; i < hand.syncFns.length; i++) out[i] = hand.syncFns[i](x);
  return out;
};
const handAsync = async (x) => {
  const out = new Array(hand.asyncFns.length);
  for (let i = 0; i < hand.asyncFns.length; i++) out[i] = await hand.asyncFns[i](x);
  return out;
};

// --- a `first` hook whose implementations all answer `undefined`, so every one runs: the worst
// case of a bail hook, and the same work as tapable's SyncBailHook with taps returning undefined.
const silent = () =>
  Array.from({ length: IMPLS }, () => (c) => {
    c.calls++;
  });
const pbFirst = createHooks()({ resolve: { kind: 'first' } });
for (const [i, fn] of silent().entries()) pbFirst.register({ resolve: fn }, { name: `p${i}` });
const pbFirstResolve = pbFirst.hook('resolve');
const pbSilentVoid = createHooks()({ resolve: { kind: 'series', results: false } });
for (const [i, fn] of silent().entries()) pbSilentVoid.register({ resolve: fn }, { name: `p${i}` });
const handFirstFns = silent();
const handFirst = (x) => {
  for (let i = 0; i < handFirstFns.length; i++) {
    const r = handFirstFns[i](x);
    if (r !== undefined) return r;
  }
  return undefined;
};

const syncContenders = {
  hand: () => {
    for (let i = 0; i < SYNC_CALLS; i++) handSync(ctx);
  },
  'pb call': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pb.call('build', ctx);
  },
  'pb handle': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbBuild.call(ctx);
  },
  'pb void call': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbVoid.call('build', ctx);
  },
  'pb void handle': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbVoidBuild.call(ctx);
  },
};
const asyncContenders = {
  hand: async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await handAsync(ctx);
  },
  'pb call': async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await pb.callAsync('buildAsync', ctx);
  },
  'pb handle': async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await pbBuildAsync.callAsync(ctx);
  },
  'pb void call': async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await pbVoid.callAsync('buildAsync', ctx);
  },
  'pb void handle': async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await pbVoidBuildAsync.callAsync(ctx);
  },
};
const firstContenders = {
  hand: () => {
    for (let i = 0; i < SYNC_CALLS; i++) handFirst(ctx);
  },
  'pb first call': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbFirst.call('resolve', ctx);
  },
  'pb first handle': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbFirstResolve.call(ctx);
  },
  'pb void call': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbSilentVoid.call('resolve', ctx);
  },
};

// Handles (`hooks.hook(name)`) skip the lookup by name, as tapable's `hooks.build.call()` does.
const pbBuild = pb.hook('build');
const pbBuildAsync = pb.hook('buildAsync');
const pbVoidBuild = pbVoid.hook('build');
const pbVoidBuildAsync = pbVoid.hook('buildAsync');

if (!NO_CODEGEN) {
  const { SyncHook, SyncBailHook, AsyncSeriesHook } = tapable;
  // --- tapable
  ({ syncFns, asyncFns } = implementations());
  const tSync = new SyncHook(['x']);
  const tSyncOut = new SyncHook(['x', 'out']);
  for (const [i, fn] of implementations().syncFns.entries())
    tSyncOut.tap(`p${i}`, (c, out) => {
      out.push(fn(c));
    });
  const tAsync = new AsyncSeriesHook(['x']);
  for (const [i, fn] of syncFns.entries()) tSync.tap(`p${i}`, fn);
  for (const [i, fn] of asyncFns.entries()) tAsync.tapPromise(`p${i}`, fn);
  const tBail = new SyncBailHook(['x']);
  for (const [i, fn] of silent().entries()) tBail.tap(`p${i}`, fn);

  // --- hookable
  ({ syncFns, asyncFns } = implementations());
  const hk = createHookable();
  for (const fn of syncFns) hk.hook('build', fn);
  for (const fn of asyncFns) hk.hook('buildAsync', fn);

  Object.assign(syncContenders, {
    'tapable+out': () => {
      for (let i = 0; i < SYNC_CALLS; i++) tSyncOut.call(ctx, []);
    },
    tapable: () => {
      for (let i = 0; i < SYNC_CALLS; i++) tSync.call(ctx);
    },
    hookable: () => {
      for (let i = 0; i < SYNC_CALLS; i++) hk.callHook('build', ctx);
    },
  });
  Object.assign(asyncContenders, {
    tapable: async () => {
      for (let i = 0; i < ASYNC_CALLS; i++) await tAsync.promise(ctx);
    },
    hookable: async () => {
      for (let i = 0; i < ASYNC_CALLS; i++) await hk.callHook('buildAsync', ctx);
    },
  });
  Object.assign(firstContenders, {
    'tapable bail': () => {
      for (let i = 0; i < SYNC_CALLS; i++) tBail.call(ctx);
    },
  });
}

async function measure(contenders, calls) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (const run of Object.values(contenders)) await run(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the starting contender each round so none always runs first.
    const rotated = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    for (const name of rotated) {
      ctx.calls = 0;
      const start = process.hrtime.bigint();
      await contenders[name]();
      samples[name][r] = Number(process.hrtime.bigint() - start) / calls;
    }
  }
  return samples;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median over rounds of the ratio a/b measured in the same round. Paired like this, a burst of
 * load from elsewhere on the machine slows both sides of a ratio alike instead of skewing it.
 */
const ratio = (samples, a, b) => median(samples[a].map((value, round) => value / samples[b][round]));

/**
 * Print the medians, then each ratio `a / b` with its target: `['<=', x]` (a at most x times b),
 * `['>', 1]` (a slower than b, i.e. b faster), or none for information only.
 */
function report(title, samples, lines) {
  console.log(`\n${title} (${IMPLS} implementations), median ns per call:`);
  for (const [name, values] of Object.entries(samples)) {
    console.log(`  ${name.padEnd(15)} ${median(values).toFixed(1).padStart(9)} ns`);
  }
  console.log('  ratios (median of per-round ratios):');
  for (const [a, b, target, note] of lines) {
    const value = ratio(samples, a, b);
    let verdict = '(information)';
    if (target !== undefined) {
      const [op, bound] = target;
      const ok = op === '<=' ? value <= bound : value > bound;
      verdict = `(target ${op} ${bound}x) ${ok ? 'ok' : 'MISSED'}`;
    }
    console.log(
      `  ${`${a} / ${b}`.padEnd(30)}: ${value.toFixed(2).padStart(6)}x   ${verdict}${note ? `  ${note}` : ''}`,
    );
  }
}

if (NO_CODEGEN) {
  // The child: the closure fallback, against the hand loops, for information.
  report('sync series, no code generation', await measure(syncContenders, SYNC_CALLS), [
    ['pb call', 'hand', undefined, 'the CSP-safe fallback'],
  ]);
  report('async series, no code generation', await measure(asyncContenders, ASYNC_CALLS), [
    ['pb call', 'hand', undefined, 'the CSP-safe fallback'],
  ]);
  report('sync first, every answer undefined, no code generation', await measure(firstContenders, SYNC_CALLS), [
    ['pb first call', 'hand', undefined, 'the CSP-safe fallback'],
  ]);
} else {
  console.log(`node ${process.version}, ${ROUNDS} rounds`);
  report('sync series', await measure(syncContenders, SYNC_CALLS), [
    ['pb call', 'hand', ['<=', 1.5]],
    ['pb handle', 'hand'],
    ['tapable+out', 'pb call', ['>', 1], 'same work: results gathered'],
    ['tapable+out', 'pb handle', ['>', 1], 'same work: results gathered'],
    ['tapable', 'pb void handle', ['>', 1], 'same work: results discarded'],
    ['tapable', 'pb void call', undefined, 'adds the lookup by name'],
    ['tapable', 'pb call', undefined, 'plugboard gathers results, tapable does not'],
    ['hookable', 'pb call', ['>', 1]],
  ]);
  report('async series', await measure(asyncContenders, ASYNC_CALLS), [
    ['pb call', 'hand', ['<=', 1.15]],
    ['pb handle', 'hand'],
    ['tapable', 'pb void handle', ['>', 1], 'same work: results discarded'],
    ['tapable', 'pb void call', ['>', 1], 'same work: results discarded'],
    ['tapable', 'pb call', undefined, 'plugboard gathers results, tapable does not'],
    ['hookable', 'pb call', ['>', 1]],
  ]);
  report('sync first, every answer undefined', await measure(firstContenders, SYNC_CALLS), [
    ['pb first call', 'tapable bail', ['<=', 1], 'same work, plus the lookup by name'],
    ['pb first handle', 'tapable bail', ['<=', 1], 'same work'],
    ['pb first call', 'pb void call', ['<=', 1.05], 'first as fast as a series by name'],
    ['pb first call', 'hand'],
  ]);
  execFileSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', fileURLToPath(import.meta.url), '--no-codegen-child'],
    { stdio: 'inherit' },
  );
  importCost();
}

/**
 * What `import 'plugboard/hooks'` costs over importing an empty ES-module package, both installed
 * in a temporary host's node_modules (a copy of package.json and dist/, as npm would install it).
 * By instructions under callgrind where valgrind is installed (repeatable; 10 M instructions ≈ 1 ms
 * on the reference machine, as in docs/performance.md), and by time otherwise: each process first
 * imports another empty package so the ESM loader's own start-up is not counted.
 */
function importCost() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const host = mkdtempSync(join(tmpdir(), 'plugboard-bench-import-'));
  try {
    writeFileSync(join(host, 'package.json'), '{ "type": "module" }\n');
    for (const name of ['empty-esm', 'warm-esm']) {
      mkdirSync(join(host, 'node_modules', name), { recursive: true });
      writeFileSync(
        join(host, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, type: 'module', exports: './index.js' }),
      );
      writeFileSync(join(host, 'node_modules', name, 'index.js'), 'export {};\n');
    }
    const pkg = join(host, 'node_modules', 'plugboard');
    mkdirSync(pkg);
    cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
    cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
    const targets = { empty: 'empty-esm', hooks: 'plugboard/hooks' };
    for (const [key, specifier] of Object.entries(targets)) {
      writeFileSync(join(host, `${key}.mjs`), `import ${JSON.stringify(specifier)};\n`);
    }
    writeFileSync(
      join(host, 'probe.mjs'),
      "await import('warm-esm');\nconst t = performance.now();\nawait import(process.argv[2]);\nconsole.log(performance.now() - t);\n",
    );
    console.log(`\nimport 'plugboard/hooks' over an empty ES-module package:`);
    const grind = spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
    if (grind) {
      const count = (file) => {
        const result = spawnSync(
          'valgrind',
          ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath].concat([
            '--single-threaded',
            '--random-seed=1',
            '--hash-seed=1',
            file,
          ]),
          { cwd: host, encoding: 'utf8' },
        );
        return Number(/Collected\s*:\s*(\d+)/.exec(result.stderr)[1]);
      };
      const extra = (count('hooks.mjs') - count('empty.mjs')) / 1e6;
      const ms = extra / 10;
      console.log(
        `  ${extra.toFixed(1)} M instructions ≈ ${ms.toFixed(2)} ms   (target <= 0.5 ms) ${ms <= 0.5 ? 'ok' : 'MISSED'}`,
      );
    }
    const times = { empty: [], hooks: [] };
    for (let i = 0; i < 21; i++) {
      for (const [key, specifier] of Object.entries(targets)) {
        times[key].push(
          Number(execFileSync(process.execPath, ['probe.mjs', specifier], { cwd: host, encoding: 'utf8' })),
        );
      }
    }
    const extra = median(times.hooks) - median(times.empty);
    console.log(`  by time, median of 21 processes: ${extra.toFixed(2)} ms   (information: noisy on a shared machine)`);
  } finally {
    rmSync(host, { recursive: true, force: true });
  }
}
