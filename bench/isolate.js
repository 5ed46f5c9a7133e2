// Isolation benchmark (issue 20): the cost of one call to an in-process, a worker and a process
// plugin, and of starting each, against a bare MessagePort round trip (a worker echoing on its
// parentPort) and a bare IPC round trip (a forked child echoing with process.send, the same
// 'advanced' serialization), all measured in the same run. Prints p50 and p99 per call; nothing is
// asserted (tests never time anything).
//
//   npm run build && node bench/isolate.js
//
// Method: every case is warmed up, then timed in interleaved rounds (so drift on a shared machine
// hits them alike); each call is timed alone, awaited before the next, and the percentiles are
// over every call of every round. Targets: p50 ≤ 50 µs (worker) and ≤ 100 µs (process), judged as
// ratios against the bare round trip of the same kind measured here (≤ 1.5×).
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { defineGroup } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const GROUP = 'bench.isolate';

const work = mkdtempSync(join(tmpdir(), 'plugboard-bench-isolate-'));
// A hand-made node_modules: a benchmark measures calls, not npm.
const pkg = join(work, 'node_modules', 'echo-plugin');
mkdirSync(pkg, { recursive: true });
writeFileSync(join(work, 'package.json'), '{"name":"bench-host","version":"1.0.0","type":"module"}\n');
writeFileSync(
  join(pkg, 'package.json'),
  JSON.stringify({
    name: 'echo-plugin',
    version: '1.0.0',
    type: 'module',
    entryPoints: { [GROUP]: { echo: './index.js' } },
  }),
);
writeFileSync(join(pkg, 'index.js'), 'export default { echo: (x) => x };\n');
const echoWorker = join(work, 'echo-worker.mjs');
writeFileSync(
  echoWorker,
  "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => parentPort.postMessage(m));\n",
);
const echoChild = join(work, 'echo-child.mjs');
writeFileSync(echoChild, "process.on('message', (m) => process.send(m));\nprocess.send('ready');\n");

const group = (isolate) => defineGroup(GROUP, { cwd: work, ...(isolate ? { isolate } : {}) });

/** The bare round trips: the same message shape the isolate sends, `[tag, id, fn, args]`. */
function bareWorker() {
  const worker = new Worker(echoWorker);
  let resolve;
  worker.on('message', (m) => resolve(m));
  let id = 0;
  return {
    call: (x) =>
      new Promise((r) => {
        resolve = r;
        worker.postMessage([2, id++, 0, [x]]);
      }),
    ready: () =>
      new Promise((r) => {
        resolve = r;
        worker.postMessage([2, id++, 0, [0]]);
      }),
    end: () => worker.terminate(),
  };
}

function bareChild() {
  const child = fork(echoChild, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let resolve;
  child.on('message', (m) => resolve?.(m));
  let id = 0;
  return {
    call: (x) =>
      new Promise((r) => {
        resolve = r;
        child.send([2, id++, 0, [x]]);
      }),
    ready: () =>
      new Promise((r) => {
        resolve = r;
      }),
    end: () => child.kill(),
  };
}

async function start(kind) {
  const t0 = process.hrtime.bigint();
  let subject;
  if (kind === 'bare MessagePort') {
    subject = bareWorker();
    await subject.ready();
  } else if (kind === 'bare IPC') {
    subject = bareChild();
    await subject.ready();
  } else {
    const g = group(kind === 'in-process' ? undefined : kind);
    const plugin = await g.load('echo');
    subject = { call: (x) => plugin.echo(x), end: () => g.dispose() };
  }
  return { subject, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

const kinds = ['in-process', 'bare MessagePort', 'worker', 'bare IPC', 'process'];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

console.log(
  `plugboard isolation benchmark: node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${ROUNDS} rounds × ${CALLS} calls per case, ${STARTS} starts per case\n`,
);
try {
  // Start-up: from nothing to the first answer (for a plugin: load(), which imports it).
  const starts = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < STARTS; i++) {
    for (const kind of kinds) {
      const { subject, ms } = await start(kind);
      starts[kind].push(ms);
      await subject.end();
    }
  }
  // Calls: one subject per kind, warmed up, then interleaved rounds.
  const subjects = {};
  for (const kind of kinds) subjects[kind] = (await start(kind)).subject;
  for (const kind of kinds) for (let i = 0; i < CALLS; i++) await subjects[kind].call(i);
  const samples = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of kinds) {
      const { call } = subjects[kind];
      const out = samples[kind];
      for (let i = 0; i < CALLS; i++) {
        const t0 = process.hrtime.bigint();
        await call(i);
        out.push(Number(process.hrtime.bigint() - t0) / 1e3);
      }
    }
  }
  for (const kind of kinds) await subjects[kind].end();

  const stats = {};
  console.log(`  ${'case'.padEnd(20)}${'p50 µs'.padEnd(10)}${'p99 µs'.padEnd(10)}start ms (median)`);
  for (const kind of kinds) {
    const sorted = samples[kind].sort((a, b) => a - b);
    stats[kind] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), start: median(starts[kind]) };
    const s = stats[kind];
    console.log(
      `  ${kind.padEnd(20)}${s.p50.toFixed(1).padEnd(10)}${s.p99.toFixed(1).padEnd(10)}${s.start.toFixed(1)}`,
    );
  }
  console.log('\n  target                                              value       target');
  const line = (label, value, target, ok) =>
    console.log(`  ${label.padEnd(52)}${value.padEnd(12)}${target.padEnd(10)}${ok ? 'ok' : 'MISSED'}`);
  const ratio = (a, b) => stats[a].p50 / stats[b].p50;
  line(
    'worker p50 / bare MessagePort p50',
    `${ratio('worker', 'bare MessagePort').toFixed(2)}×`,
    '≤ 1.5×',
    ratio('worker', 'bare MessagePort') <= 1.5,
  );
  line(
    'process p50 / bare IPC p50',
    `${ratio('process', 'bare IPC').toFixed(2)}×`,
    '≤ 1.5×',
    ratio('process', 'bare IPC') <= 1.5,
  );
  line('worker p50', `${stats.worker.p50.toFixed(1)} µs`, '≤ 50 µs', stats.worker.p50 <= 50);
  line('process p50', `${stats.process.p50.toFixed(1)} µs`, '≤ 100 µs', stats.process.p50 <= 100);
} finally {
  rmSync(work, { recursive: true, force: true });
}
