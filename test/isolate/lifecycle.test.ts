/**
 * The isolate's life: invoke and the schema across the boundary, restarts with backoff, quarantine,
 * load timeouts, dispose, coded errors for what cannot cross, and no process left when the host is
 * killed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup, type PlugboardError } from '../../src/index.js';
import { installHost, packMany, repoRoot, tempDir, writePackage } from '../support/fixtures.js';

const GROUP = 'app.lifecycle';
let host: string;

beforeAll(() => {
  const src = tempDir('isolate-life-src');
  const pkg = writePackage(src, {
    name: 'life-plugins',
    type: 'module',
    entryPoints: {
      [GROUP]: {
        alwaysExits: './plugins.js:alwaysExits',
        factory: './plugins.js:factory',
        greeter: './plugins.js:Greeter',
        badShape: './plugins.js:badShape',
        throws: './plugins.js:throws',
        returnsFunction: './plugins.js:returnsFunction',
        waits: './plugins.js:waits',
        pid: './plugins.js:pid',
        symbolData: './plugins.js:symbolData',
        loopsAtImport: './loops.js',
      },
    },
    files: {
      'plugins.js': `export const alwaysExits = { run: () => process.exit(3) };
export function factory(prefix) { return { hello: (x) => prefix + x, prefix }; }
export class Greeter { constructor(p) { this.p = p; } greet(x) { return this.p + x; } }
export const badShape = { hello: 'not a function' };
export const throws = { run: () => { const e = new TypeError('nope'); e.code = 'E_NOPE'; throw e; } };
export const returnsFunction = { run: () => () => 1 };
export const waits = { run: () => new Promise(() => {}) };
export const pid = { run: () => process.pid, spin: () => { while (true) {} } };
export const symbolData = { tag: Symbol('tag'), run: () => 1 };
`,
      'loops.js': 'while (true) {}\nexport default {};\n',
    },
  });
  host = installHost({ name: 'life-host', install: packMany([pkg]).map((tarball) => ({ tarball })) });
});

describe.each(['worker', 'process'] as const)('%s mode', (mode) => {
  test('invoke runs the factory inside the isolate; a class is constructed there', async () => {
    const group = defineGroup<(prefix: string) => { hello(x: string): string; prefix: string }>(GROUP, {
      cwd: host,
      allow: ['factory'],
      invoke: ['hi '],
      isolate: mode,
    });
    const classes = defineGroup<new (p: string) => { greet(x: string): string }>(GROUP, {
      cwd: host,
      allow: ['greeter'],
      invoke: ['hello '],
      isolate: mode,
    });
    try {
      const made = await group.load('factory');
      expect(made.prefix).toBe('hi ');
      expect(await made.hello('there')).toBe('hi there');
      // The instance's methods live on its prototype, inside the isolate, and keep their `this`.
      expect(await (await classes.load('greeter')).greet('you')).toBe('hello you');
    } finally {
      await Promise.all([group.dispose(), classes.dispose()]);
    }
  });

  test('the schema sees functions as functions, and refuses a plugin whose shape is wrong', async () => {
    const schema = z.object({ hello: z.custom<(x: string) => string>((f) => typeof f === 'function') });
    const group = defineGroup(GROUP, { cwd: host, allow: ['badShape'], schema, isolate: mode });
    await expect(group.load('badShape')).rejects.toMatchObject({ code: 'contract-failed' });
    const factories = defineGroup(GROUP, {
      cwd: host,
      allow: ['factory'],
      schema: z.custom<(p: string) => unknown>((f) => typeof f === 'function'),
      invoke: ['x'],
      isolate: mode,
    });
    try {
      expect(await ((await factories.load('factory')) as { hello(x: string): Promise<string> }).hello('y')).toBe('xy');
    } finally {
      await Promise.all([group.dispose(), factories.dispose()]);
    }
  });

  test("a plugin's own error reaches the caller with its name, message and code", async () => {
    const group = defineGroup<{ run(): void }>(GROUP, { cwd: host, allow: ['throws'], isolate: mode });
    try {
      const error = await (await group.load('throws')).run().catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'TypeError', message: 'nope', code: 'E_NOPE' });
    } finally {
      await group.dispose();
    }
  });

  test('a function in a result is a coded not-cloneable error', async () => {
    const group = defineGroup<{ run(): unknown }>(GROUP, { cwd: host, allow: ['returnsFunction'], isolate: mode });
    try {
      const plugin = await group.load('returnsFunction');
      await expect(plugin.run()).rejects.toMatchObject({ code: 'not-cloneable' });
      await expect(plugin.run()).rejects.toThrow("the result of the call to 'run' cannot be copied into the host");
    } finally {
      await group.dispose();
    }
  });

  test('data structured clone cannot copy is a coded load failure naming the plugin', async () => {
    const group = defineGroup(GROUP, { cwd: host, allow: ['symbolData'], isolate: mode });
    const error = await group.load('symbolData').catch((e: PlugboardError) => e);
    expect(error).toMatchObject({ code: 'not-cloneable', package: 'life-plugins' });
    expect((error as Error).message).toContain("the plugin's data cannot be copied into the host");
    await group.dispose();
  });

  test('crashes restart the isolate; after maxCrashes within crashWindow it is quarantined', async () => {
    const crashes: PlugboardError[] = [];
    const group = defineGroup<{ run(): void }>(GROUP, {
      cwd: host,
      allow: ['alwaysExits'],
      isolate: { mode, maxCrashes: 3, crashWindow: 60_000, backoff: 20, onCrash: (e) => crashes.push(e) },
    });
    const plugin = await group.load('alwaysExits');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push(
        await plugin.run().then(
          () => 'ok',
          (e: PlugboardError) => e.code,
        ),
      );
    expect(codes).toEqual(['isolate-crashed', 'isolate-crashed', 'isolate-crashed', 'quarantined', 'quarantined']);
    expect(crashes.map((e) => e.code)).toEqual(['isolate-crashed', 'isolate-crashed', 'isolate-crashed']);
    const quarantined = await plugin.run().catch((e: PlugboardError) => e);
    expect(quarantined).toMatchObject({ code: 'quarantined', crashes: 3 });
    expect((quarantined as Error).message).toContain('quarantined after 3 crashes within 60000 ms');
    expect((quarantined as Error).cause).toMatchObject({ code: 'isolate-crashed', exitCode: 3 });
    await group.dispose();
  });

  test("a synchronous loop at import is the group's load timeout", async () => {
    const group = defineGroup(GROUP, { cwd: host, allow: ['loopsAtImport'], timeout: 1000, isolate: mode });
    await expect(group.load('loopsAtImport')).rejects.toMatchObject({ code: 'timeout' });
    await group.dispose();
  });

  test('dispose() rejects pending calls with isolate-disposed, and later calls too', async () => {
    const group = defineGroup<{ run(): Promise<void> }>(GROUP, { cwd: host, allow: ['waits'], isolate: mode });
    const plugin = await group.load('waits');
    const pending = plugin.run();
    await group.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'isolate-disposed' });
    await expect(plugin.run()).rejects.toMatchObject({ code: 'isolate-disposed' });
  });

  test("per-plugin override 'none' loads that plugin in the host", async () => {
    const group = defineGroup<{ run(): number }>(GROUP, {
      cwd: host,
      allow: ['pid'],
      isolate: { mode, plugins: { pid: 'none' } },
    });
    const plugin = (await group.load('pid')) as unknown as { run(): number };
    expect(plugin.run()).toBe(process.pid);
  });
});

test.each(['worker', 'process'])(
  '%s mode: an idle isolate does not keep the host alive, and dispose() right after a call resolves',
  (mode) => {
    const dist = pathToFileURL(join(repoRoot, 'dist', 'index.js')).href;
    const dir = tempDir('isolate-exit');
    const script = (dispose: boolean) =>
      `import { defineGroup } from ${JSON.stringify(dist)};
const group = defineGroup(${JSON.stringify(GROUP)}, { cwd: ${JSON.stringify(host)}, allow: ['pid'], isolate: ${JSON.stringify(mode)} });
const plugin = await group.load('pid');
console.log(typeof (await plugin.run()));
${dispose ? "await group.dispose();\nconsole.log('disposed');" : ''}
`;
    writeFileSync(join(dir, 'idle.mjs'), script(false));
    writeFileSync(join(dir, 'dispose.mjs'), script(true));
    // Without the host's release of an idle isolate, the first would never exit (the test's timeout
    // fails it); with a release that did not wait for dispose(), the second would exit with 13
    // (an unsettled top-level await) before printing 'disposed'.
    const run = (file: string) => execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
    expect(run('idle.mjs')).toBe('number\n');
    expect(run('dispose.mjs')).toBe('number\ndisposed\n');
  },
);

test('no isolate outlives a host killed with SIGKILL, not even one stuck in a loop', async () => {
  const dist = pathToFileURL(join(repoRoot, 'dist', 'index.js')).href;
  const script = join(tempDir('isolate-kill'), 'host.mjs');
  writeFileSync(
    script,
    `import { defineGroup } from ${JSON.stringify(dist)};
const make = (mode) => defineGroup(${JSON.stringify(GROUP)}, { cwd: ${JSON.stringify(host)}, allow: ['pid'], isolate: { mode, callTimeout: 0 } });
const idle = await make('process').load('pid');
const busy = await make('process').load('pid');
const worker = await make('worker').load('pid');
const pids = [await idle.run(), await busy.run()];
await worker.run();
busy.spin();
worker.spin();
console.log(JSON.stringify(pids));
`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const pids = JSON.parse(line) as number[];
  // Each plugin's node, and the sh that supervises it (its parent).
  const all = pids.flatMap((pid) => [pid, parentOf(pid)]);
  expect(all.every((pid) => alive(pid))).toBe(true);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  // Bounded by the test's timeout: the supervisors notice the host's end at once, but are scheduled
  // on a busy machine.
  while (all.some(alive)) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(all.filter(alive)).toEqual([]);
});

function parentOf(pid: number): number {
  // /proc/<pid>/stat: "pid (comm) state ppid …"
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill(0) until its parent reaps it; an orphan's is reaped by init at once.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
