/**
 * Process mode's permissions: what a plugin asks for in `meta.permissions`, what the host grants in
 * `isolate.grant`, and the refusal (`permission-denied`) naming what was asked for and not granted.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { defineGroup, type IsolateOptions } from '../../src/index.js';
import { GROUP, type HostileHost, hostileHost } from './fixture.js';

interface Runs {
  run(...args: unknown[]): Promise<unknown>;
}

let fixture: HostileHost;
beforeAll(() => {
  fixture = hostileHost();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const group = (grant?: IsolateOptions['grant']) =>
  defineGroup<Runs>(GROUP, {
    cwd: fixture.host,
    allow: ['asking-plugins'],
    isolate: { mode: 'process', ...(grant ? { grant } : {}) },
  });

describe('asked and not granted', () => {
  test('each refusal names what the plugin asked for, and nothing starts', async () => {
    const plugins = group();
    const { plugins: loaded, errors } = await plugins.loadAll();
    expect(loaded).toEqual([]);
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([
      ['asksConfig', 'permission-denied'],
      ['asksTmp', 'permission-denied'],
      ['asksSpawn', 'permission-denied'],
      ['asksNonsense', 'permission-denied'],
    ]);
    const [config, tmp, spawn, nonsense] = errors;
    expect(config!.message).toContain("fsRead '$HOME/.config/asking-plugins'");
    expect(config!.message).toContain('asking-plugins (');
    expect(config!.message).toContain("grant them in the group's isolate.grant");
    expect(tmp!.message).toContain("fsRead '$TMP', fsWrite '$TMP'");
    expect(spawn!.message).toContain('childProcess');
    expect(nonsense!.message).toContain("asks for 'network', which plugboard does not know");
    expect(config).toMatchObject({ denied: ["fsRead '$HOME/.config/asking-plugins'"] });
  });

  test('a grant that covers a different folder does not cover the one asked for', async () => {
    const plugins = group({ fsRead: [join(homedir(), '.config', 'other')] });
    await expect(plugins.load('asksConfig')).rejects.toMatchObject({ code: 'permission-denied' });
  });
});

describe('asked and granted', () => {
  test('a granted folder is readable, with $HOME expanded, and nothing else is', async () => {
    // A home of the test's own, so that nothing is written to the real one.
    const home = mkdtempSync(join(tmpdir(), 'plugboard-isolate-home-'));
    mkdirSync(join(home, '.config', 'asking-plugins'), { recursive: true });
    writeFileSync(join(home, '.config', 'asking-plugins', 'settings.txt'), 'settings');
    vi.stubEnv('HOME', home);
    expect(homedir()).toBe(home);
    const plugins = group({ fsRead: ['$HOME/.config'] });
    const reader = await plugins.load('asksConfig');
    try {
      expect(await reader.run(join(home, '.config', 'asking-plugins', 'settings.txt'))).toBe('settings');
      await expect(reader.run(fixture.secret)).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' });
    } finally {
      await plugins.dispose();
    }
  });

  test('fsWrite $TMP granted: the plugin writes there', async () => {
    const plugins = group({ fsRead: [tmpdir()], fsWrite: ['$TMP'] });
    const writer = await plugins.load('asksTmp');
    try {
      const target = join(mkdtempSync(join(tmpdir(), 'plugboard-isolate-write-')), 'out.txt');
      expect(await writer.run(target)).toBe('tmp ok');
    } finally {
      await plugins.dispose();
    }
  });

  test('childProcess granted per plugin, by a function of the entry point', async () => {
    const plugins = group((ep: { name: string }) => (ep.name === 'asksSpawn' ? { childProcess: true } : undefined));
    const spawner = await plugins.load('asksSpawn');
    try {
      expect(await spawner.run()).toBe('spawned');
    } finally {
      await plugins.dispose();
    }
    await expect(plugins.load('asksConfig')).rejects.toMatchObject({ code: 'permission-denied' });
  });
});

test('a wider grant does not widen what the plugin asked for', async () => {
  const home = mkdtempSync(join(tmpdir(), 'plugboard-isolate-home-'));
  mkdirSync(join(home, '.config', 'asking-plugins'), { recursive: true });
  vi.stubEnv('HOME', home);
  writeFileSync(join(home, 'shared.txt'), 'shared');
  const plugins = group({ fsRead: ['$HOME'] });
  // asksConfig asks for $HOME/.config/asking-plugins only: a wider grant does not widen the ask.
  const reader = await plugins.load('asksConfig');
  try {
    await expect(reader.run(join(home, 'shared.txt'))).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' });
  } finally {
    await plugins.dispose();
  }
});

describe('a runtime without a permission model', () => {
  // What Bun reports about itself; under Bun, process mode cannot confine its child.
  const pretendBun = () => {
    Object.defineProperty(process.versions, 'bun', { value: '1.4.5', configurable: true, enumerable: true });
    return () => {
      delete (process.versions as Record<string, string | undefined>).bun;
    };
  };

  test('refuses the plugin as permission-model-unavailable, naming the runtime', async () => {
    const restore = pretendBun();
    try {
      const plugins = defineGroup<Runs>(GROUP, { cwd: fixture.host, allow: ['good-a'], isolate: 'process' });
      const error = await plugins.load('good-a').catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'permission-model-unavailable' });
      expect((error as Error).message).toContain('Bun 1.4.5 has no permission model');
      expect((error as Error).message).toContain('good-a');
    } finally {
      restore();
    }
  });

  test('runs it unconfined only when the host allows that', async () => {
    const restore = pretendBun();
    const plugins = defineGroup<{ answer(x: string): Promise<string> }>(GROUP, {
      cwd: fixture.host,
      allow: ['good-a'],
      isolate: { mode: 'process', allowUnconfined: true },
    });
    try {
      expect(await (await plugins.load('good-a')).answer('u')).toBe('a:u');
    } finally {
      restore();
      await plugins.dispose();
    }
  });
});
