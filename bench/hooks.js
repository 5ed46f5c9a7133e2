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
import { setCodegen } from '../dist/hooks/compile.js';
import { createHooks } from '../dist/hooks/index.js';
import { createHooks as createHookable } from 'hookable';
import tapable from 'tapable';

const { SyncHook, AsyncSeriesHook } = tapable;
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

// --- plugboard where `new Function` is not allowed (strict CSP, --disallow-code-generation-from-strings):
// the closure fallback. Shown for information; the targets are about the default path.
({ syncFns, asyncFns } = implementations());
const pbClosures = createHooks()({ build: { kind: 'series' }, buildAsync: { kind: 'series' } });
for (const [i, fn] of syncFns.entries()) pbClosures.register({ build: fn, buildAsync: asyncFns[i] }, { name: `p${i}` });
setCodegen(false);
pbClosures.call('build', { calls: 0 }); // callers are built on the first call, and kept
await pbClosures.callAsync('buildAsync', { calls: 0 });
setCodegen(undefined);

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

// --- hookable
({ syncFns, asyncFns } = implementations());
const hk = createHookable();
for (const fn of syncFns) hk.hook('build', fn);
for (const fn of asyncFns) hk.hook('buildAsync', fn);

// Handles (`hooks.hook(name)`) skip the lookup by name, as tapable's `hooks.build.call()` does.
const pbBuild = pb.hook('build');
const pbBuildAsync = pb.hook('buildAsync');
const pbVoidBuild = pbVoid.hook('build');
const pbVoidBuildAsync = pbVoid.hook('buildAsync');

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
  'tapable+out': () => {
    for (let i = 0; i < SYNC_CALLS; i++) tSyncOut.call(ctx, []);
  },
  'pb void call': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbVoid.call('build', ctx);
  },
  'pb void handle': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbVoidBuild.call(ctx);
  },
  tapable: () => {
    for (let i = 0; i < SYNC_CALLS; i++) tSync.call(ctx);
  },
  hookable: () => {
    for (let i = 0; i < SYNC_CALLS; i++) hk.callHook('build', ctx);
  },
  'pb no-codegen': () => {
    for (let i = 0; i < SYNC_CALLS; i++) pbClosures.call('build', ctx);
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
  tapable: async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await tAsync.promise(ctx);
  },
  hookable: async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await hk.callHook('buildAsync', ctx);
  },
  'pb no-codegen': async () => {
    for (let i = 0; i < ASYNC_CALLS; i++) await pbClosures.callAsync('buildAsync', ctx);
  },
};

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
  ['pb no-codegen', 'hand', undefined, 'the CSP-safe fallback'],
]);
report('async series', await measure(asyncContenders, ASYNC_CALLS), [
  ['pb call', 'hand', ['<=', 1.15]],
  ['pb handle', 'hand'],
  ['tapable', 'pb void handle', ['>', 1], 'same work: results discarded'],
  ['tapable', 'pb void call', ['>', 1], 'same work: results discarded'],
  ['tapable', 'pb call', undefined, 'plugboard gathers results, tapable does not'],
  ['hookable', 'pb call', ['>', 1]],
  ['pb no-codegen', 'hand', undefined, 'the CSP-safe fallback'],
]);
