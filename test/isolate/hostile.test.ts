/**
 * Issue 20: hostile plugins, each in its own isolate, loaded by one host next to two good plugins,
 * in both modes. For each, what is stopped; the host and the good plugins survive every one.
 * Worker mode shares the host's process rights (it stops crashes, loops, memory and realm
 * pollution, not file or process access); process mode also confines those.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineGroup, type Group, type Isolated, type PlugboardError } from '../../src/index.js';
import { GROUP, type HostileHost, hostileHost } from './fixture.js';

interface Hostile {
  run(...args: unknown[]): unknown;
  ok?(): string;
}
interface Good {
  name: string;
  tags: string[];
  answer(x: string): string;
  later(n: number): Promise<number>;
  polluted(): unknown;
}

let fixture: HostileHost;
beforeAll(() => {
  fixture = hostileHost();
});

describe.each(['worker', 'process'] as const)('%s mode', (mode) => {
  let group: Group<unknown>;
  let plugins: Map<string, unknown>;
  let errors: PlugboardError[];
  const crashes: PlugboardError[] = [];
  const good = () => [plugins.get('good-a'), plugins.get('good-b')] as Isolated<Good>[];
  const hostile = (name: string) => plugins.get(name) as Hostile;
  /** The good plugins answer, and nothing of the hostile ones reached the host's realm. */
  const survived = async () => {
    const [a, b] = good();
    expect(await a!.answer('x')).toBe('a:x');
    expect(await b!.later(21)).toBe(42);
    expect(await b!.polluted()).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect([1].includes(2)).toBe(false);
  };

  beforeAll(async () => {
    group = defineGroup(GROUP, {
      cwd: fixture.host,
      block: ['asking-plugins'],
      isolate: { mode, callTimeout: 1500, maxMemoryMb: 64, backoff: 10, onCrash: (error) => crashes.push(error) },
    });
    const result = await group.loadAll();
    plugins = new Map(result.plugins.map((p) => [p.name, p.plugin]));
    errors = result.errors.filter((e) => e.code !== 'blocked');
  });
  afterAll(() => group.dispose());

  test('an exit at import is a coded load failure; every other plugin loads', async () => {
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([['exitAtImport', 'isolate-crashed']]);
    expect(errors[0]!.message).toMatch(/exit code 1 while loading/);
    expect(errors[0]!.message).toContain('hostile-plugins');
    expect([...plugins.keys()]).toContain('good-a');
    expect(plugins.size).toBe(12);
    await survived();
  });

  test('the proxy: data copied, every function async, frozen', async () => {
    const [a] = good();
    expect(a!.name).toBe('good-a');
    expect(a!.tags).toEqual(['good']);
    const answer = a!.answer('y');
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBe('a:y');
    expect(a!.answer.name).toBe('answer');
    expect(a!.answer.length).toBe(1);
    expect(Object.isFrozen(a)).toBe(true);
  });

  test('a function argument is a coded not-cloneable error, and the plugin keeps working', async () => {
    const [a] = good();
    const error = await (a!.answer as (x: unknown) => Promise<string>)(() => 1).catch((e: PlugboardError) => e);
    expect(error).toMatchObject({ code: 'not-cloneable' });
    expect((error as Error).message).toContain("the arguments of the call to 'answer'");
    await survived();
  });

  test('reading a secret outside the package folder', async () => {
    const read = hostile('readSecret').run(fixture.secret);
    if (mode === 'process') await expect(read).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' });
    else await expect(read).resolves.toBe('the secret');
    await survived();
  });

  test('writing a file', async () => {
    const target = join(fixture.outside, `written-${mode}.txt`);
    const write = hostile('writeFile').run(target);
    if (mode === 'process') {
      await expect(write).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' });
      expect(existsSync(target)).toBe(false);
    } else {
      await expect(write).resolves.toBe('wrote');
      expect(existsSync(target)).toBe(true);
    }
    await survived();
  });

  test('spawning sh', async () => {
    const spawn = hostile('spawnShell').run();
    if (mode === 'process') await expect(spawn).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' });
    else await expect(spawn).resolves.toBe('spawned');
    await survived();
  });

  test('process.exit(1) during a call rejects that call; the plugin restarts for the next', async () => {
    const exit = hostile('exitInCall');
    const error = await Promise.resolve(exit.run()).catch((e: PlugboardError) => e);
    expect(error).toMatchObject({ code: 'isolate-crashed', exitCode: 1 });
    expect((error as Error).message).toContain("during a call to 'run'");
    await survived();
    expect(await exit.ok!()).toBe('back');
  });

  test('while (true) {} is ended by the call timeout', async () => {
    const loop = hostile('endlessLoop');
    const error = await Promise.resolve(loop.run()).catch((e: PlugboardError) => e);
    expect(error).toMatchObject({ code: 'call-timeout', timeout: 1500 });
    await survived();
    expect(await loop.ok!()).toBe('back');
  });

  test('allocating until memory runs out', async () => {
    const hog = hostile('allocate');
    const error = await Promise.resolve(hog.run()).catch((e: PlugboardError) => e);
    expect(error).toMatchObject({ code: 'out-of-memory', limitMb: 64 });
    await survived();
    expect(await hog.ok!()).toBe('back');
  });

  test('polluting Object.prototype stays in the isolate', async () => {
    // The plugin sees its own pollution; the host and the other plugins never do.
    expect(await hostile('pollute').run()).toBe('yes');
    await survived();
  });

  // In worker mode the plugin shares the host's process and its group: this would end the host
  // (docs/isolation.md, "Threat model").
  test.runIf(mode === 'process')('process.kill(0) reaches only the isolate, not the host', async () => {
    const killer = hostile('killGroup');
    await expect(Promise.resolve(killer.run())).rejects.toMatchObject({ code: 'isolate-crashed', signal: 'SIGKILL' });
    await survived();
    expect(await killer.ok!()).toBe('back');
  });

  test('an async throw after returning crashes only the isolate, which restarts', async () => {
    const later = hostile('throwLater');
    const before = crashes.length;
    expect(await later.run()).toBe('returned');
    // The crash between calls is reported to onCrash (no call is pending to reject).
    await until(() => crashes.length > before);
    const crash = crashes[crashes.length - 1]!;
    expect(crash).toMatchObject({ code: 'isolate-crashed' });
    expect(crash.message).toContain("threw 'thrown later' between calls");
    expect(crash.entryName ?? crash.entryPoint?.name).toBe('throwLater');
    await survived();
    expect(await later.ok!()).toBe('back');
  });
});

/** Waits for a condition the isolate brings about on its own; the test's timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
