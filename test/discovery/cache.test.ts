/**
 * The discovery index cache against real npm: after every package manager operation and every
 * in-place edit of a linked package, cached discovery equals uncached discovery; broken index files
 * are rebuilt; read-only node_modules and concurrent processes are safe.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { cacheStatus, clearCache, entryPoints } from '../../src/index.js';
import { installHost, npm, packMany, tempDir, writePackage, writePackageAt } from '../support/fixtures.js';

const NO_CACHE = { ...process.env, PLUGBOARD_NO_CACHE: '1' };

/** Everything discovery returns, as comparable text. */
function snapshot(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const found = entryPoints({ cwd, env });
  return JSON.stringify(
    { entries: found.toArray().map((ep) => ({ ...ep.toJSON(), package: ep.package })), diagnostics: found.diagnostics },
    null,
    1,
  );
}

/** Cached discovery must equal `PLUGBOARD_NO_CACHE=1` discovery. */
function expectSame(cwd: string): void {
  expect(snapshot(cwd)).toEqual(snapshot(cwd, NO_CACHE));
}

/** Lets the racy window pass (docs/cache.md): an index is only written for a tree older than 100 ms. */
function settle(ms = 150): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Discovers until the index is written and fresh. */
function warm(cwd: string): void {
  for (let i = 0; i < 3 && cacheStatus({ cwd }).state !== 'fresh'; i++) {
    settle();
    snapshot(cwd);
  }
  expect(cacheStatus({ cwd }).state).toBe('fresh');
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let src: string;
beforeAll(() => {
  src = tempDir('cache-src');
});

function plugin(parent: string, name: string, version: string, entryPoints: unknown): string {
  return writePackage(parent, {
    name,
    version,
    type: 'module',
    entryPoints,
    files: { 'index.js': 'export const plugin = {};\n' },
  });
}

describe('randomised cycles against real npm', () => {
  const names = ['pa', 'pb', '@sc/pc', '@sc/pd'];
  const tarballs = new Map<string, string>();
  let host: string;
  let linked: string;
  beforeAll(() => {
    const specs = names.flatMap((name) => ['1.0.0', '2.0.0'].map((version) => ({ name, version })));
    const dirs = specs.map(({ name, version }) => {
      const id = name.replace(/\W/g, '');
      // A different version declares different entry points, in another group too.
      const eps =
        version === '1.0.0'
          ? { g: { [`${id}-one`]: '.:plugin' } }
          : { g: { [`${id}-two`]: '.:plugin' }, other: { [`${id}-x`]: { value: '.', meta: { v: 2 } } } };
      return plugin(join(src, `v${version}`), name, version, eps);
    });
    for (const [i, tgz] of packMany(dirs).entries()) tarballs.set(`${specs[i]!.name}@${specs[i]!.version}`, tgz);
    linked = plugin(src, 'linked-plugin', '1.0.0', { g: { linked: '.:plugin' } });
    host = installHost({
      manifest: { workspaces: ['packages/*'] },
      files: {
        'packages/w0/package.json': JSON.stringify({ name: 'w0', version: '1.0.0', entryPoints: { g: { w0: '.' } } }),
      },
      install: [{ link: linked }, { tarball: tarballs.get('pa@1.0.0')! }],
    });
  });

  test('after every step, cached discovery equals PLUGBOARD_NO_CACHE=1 discovery', () => {
    const seed = Number(process.env.PLUGBOARD_SEED ?? Math.floor(Math.random() * 1e9));
    console.log(`cache cycles: seed ${seed} (rerun with PLUGBOARD_SEED=${seed})`);
    const rand = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const installed = new Map<string, string>([['pa', '1.0.0']]);
    const editable = [linked, join(host, 'packages/w0')];
    let workspaces = 1;
    let edits = 0;
    const ops: Record<string, () => string | undefined> = {
      install: () => {
        const name = names.find((n) => !installed.has(n) && rand() < 0.7) ?? names.find((n) => !installed.has(n));
        if (!name) return undefined;
        const version = pick(['1.0.0', '2.0.0']);
        npm(['install', tarballs.get(`${name}@${version}`)!], host);
        installed.set(name, version);
        return `install ${name}@${version}`;
      },
      uninstall: () => {
        if (!installed.size) return undefined;
        const name = pick([...installed.keys()]);
        npm(['uninstall', name], host);
        installed.delete(name);
        return `uninstall ${name}`;
      },
      upgrade: () => {
        if (!installed.size) return undefined;
        const name = pick([...installed.keys()]);
        const version = installed.get(name) === '1.0.0' ? '2.0.0' : '1.0.0';
        npm(['install', tarballs.get(`${name}@${version}`)!], host);
        installed.set(name, version);
        return `change ${name} to ${version}`;
      },
      'edit linked': () => {
        const dir = pick(editable);
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        edits++;
        // Sometimes drop the entry points, sometimes break a value: diagnostics must follow too.
        const kind = pick(['rename', 'drop', 'invalid']);
        if (kind === 'drop') delete manifest.entryPoints;
        else manifest.entryPoints = { g: { [`edit${edits}`]: kind === 'invalid' ? '../outside' : '.:plugin' } };
        // In place, as editors without atomic save and `npm pkg set` do: same inode.
        writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
        return `edit ${manifest.name} (${kind})`;
      },
      'add workspace': () => {
        const name = `w${workspaces++}`;
        const dir = writePackageAt(join(host, 'packages', name), { name, entryPoints: { g: { [name]: '.' } } });
        editable.push(dir);
        npm(['install'], host);
        return `add workspace ${name}`;
      },
    };
    const log: string[] = [];
    for (let cycle = 0; cycle < 30; ) {
      warm(host);
      // The index replays exactly what a scan finds.
      expectSame(host);
      const done = ops[pick(Object.keys(ops))]!();
      if (done === undefined) continue;
      cycle++;
      log.push(done);
      // The change is noticed from the stamps, not by luck.
      expect(cacheStatus({ cwd: host }).state, `cycle ${cycle}: ${done} (seed ${seed})`).toBe('stale');
      expect(snapshot(host), `cycle ${cycle}: ${done} (seed ${seed})\n${log.join('\n')}`).toEqual(
        snapshot(host, NO_CACHE),
      );
    }
    console.log(`cache cycles: ${log.join(', ')}`);
  });
});

describe('the index', () => {
  let host: string;
  let linked: string;
  beforeAll(() => {
    linked = plugin(src, 'edited', '1.0.0', { g: { edited: '.:plugin' } });
    const tgz = packMany([
      plugin(src, '@sc/packed', '1.0.0', { g: { packed: '.:plugin' } }),
      writePackage(src, { name: '@sc/plain' }),
    ]);
    host = installHost({ install: [{ link: linked }, ...tgz.map((tarball) => ({ tarball }))] });
  });

  test('lives in node_modules/.cache/plugboard and is replayed while nothing changed', () => {
    warm(host);
    const status = cacheStatus({ cwd: host });
    expect(status.dir).toBe(join(host, 'node_modules', '.cache', 'plugboard'));
    expect(status.packages).toBe(2);
    expect(entryPoints({ cwd: host, group: 'g' }).names).toEqual(['edited', 'packed']);
    expectSame(host);
  });

  test('validating it stats the same number of paths however many plain packages and scopes are installed', () => {
    warm(host);
    const before = cacheStatus({ cwd: host }).stamps;
    // Unscoped, in the existing scope, and in new scopes: npm's state file covers them all.
    const names = (i: number) => [`plain-${i}`, `@sc/plain-${i}`, `@new-${i}/plain`][i % 3]!;
    const more = Array.from({ length: 12 }, (_, i) => writePackage(join(src, 'more'), { name: names(i) }));
    npm(['install', ...packMany(more)], host);
    expect(cacheStatus({ cwd: host }).state).toBe('stale');
    warm(host);
    expect(cacheStatus({ cwd: host }).stamps).toBe(before);
    expectSame(host);
  });

  test('without a package manager state file (bun, a hand-made tree), each scope directory is stamped', () => {
    const first = plugin(src, '@solo/first', '1.0.0', { g: { first: '.:plugin' } });
    const second = plugin(src, '@solo/second', '1.0.0', { g: { second: '.:plugin' } });
    const bare = installHost({ install: packMany([first]).map((tarball) => ({ tarball })) });
    const stamped = (cwd: string) =>
      (JSON.parse(readFileSync(cacheStatus({ cwd }).file!, 'utf8')).stamps as [string, string][]).map(([path]) => path);
    warm(host);
    expect(stamped(host)).not.toContain(join(host, 'node_modules', '@sc'));
    // What bun leaves: no state file in node_modules.
    rmSync(join(bare, 'node_modules', '.package-lock.json'));
    warm(bare);
    expect(stamped(bare)).toContain(join(bare, 'node_modules', '@solo'));
    // A package copied into the existing scope by hand changes only @solo.
    cpSync(second, join(bare, 'node_modules', '@solo', 'second'), { recursive: true });
    expect(cacheStatus({ cwd: bare })).toMatchObject({ state: 'stale', changed: join(bare, 'node_modules', '@solo') });
    expect(entryPoints({ cwd: bare, group: 'g' }).names).toEqual(['first', 'second']);
    expectSame(bare);
  });

  test('bun.lock and bun.lockb beside node_modules are stamped (bun add into a tree another manager installed)', () => {
    warm(host);
    for (const file of ['bun.lock', 'bun.lockb']) {
      writeFileSync(join(host, file), `${file}\n`);
      expect(cacheStatus({ cwd: host })).toMatchObject({ state: 'stale', changed: join(host, file) });
      rmSync(join(host, file));
      warm(host);
    }
  });

  test('a rebuilt index does not keep stamping a link that is gone (regression: stamps piled up)', () => {
    warm(host);
    const before = cacheStatus({ cwd: host }).stamps!;
    const extra = plugin(src, 'passing-link', '1.0.0', { g: { passing: '.:plugin' } });
    npm(['install', extra], host);
    warm(host);
    expect(cacheStatus({ cwd: host }).stamps).toBe(before + 1);
    npm(['uninstall', 'passing-link'], host);
    warm(host);
    expect(cacheStatus({ cwd: host }).stamps).toBe(before);
    expectSame(host);
  });

  test('a plugin found through PLUGBOARD_PATH is stamped one by one, so an edit in place is seen (regression: it was not)', () => {
    const dir = tempDir('cache-path');
    const pkg = plugin(dir, 'from-path', '1.0.0', { g: { before: '.:plugin' } });
    const env = { ...process.env, PLUGBOARD_PATH: dir };
    const names = () => entryPoints({ cwd: host, env, group: 'g' }).names;
    for (let i = 0; i < 3 && cacheStatus({ cwd: host, env }).state !== 'fresh'; i++) {
      settle();
      names();
    }
    expect(cacheStatus({ cwd: host, env }).state).toBe('fresh');
    expect(names()).toContain('before');
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: 'from-path',
        version: '1.0.0',
        type: 'module',
        entryPoints: { g: { after: '.:plugin' } },
      }),
    );
    const status = cacheStatus({ cwd: host, env });
    expect(status.state).toBe('stale');
    expect(status.changed).toMatch(/from-path\/package\.json$/);
    expect(names()).toContain('after');
    expect(names()).not.toContain('before');
    expect(snapshot(host, env)).toEqual(snapshot(host, { ...env, PLUGBOARD_NO_CACHE: '1' }));
  });

  test('a package in a paths folder that gains entryPoints by an edit, or a folder there that gains a package.json, is seen (regression: only plugins were stamped)', () => {
    const dir = tempDir('cache-paths-plain');
    const pkg = join(dir, 'plain');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'plain', version: '1.0.0', type: 'module' }));
    writeFileSync(join(pkg, 'index.js'), 'export const plugin = {};\n');
    const bare = join(dir, 'bare');
    mkdirSync(bare);
    writeFileSync(join(bare, 'index.js'), 'export const plugin = {};\n');
    const names = () => entryPoints({ cwd: host, paths: [dir], group: 'g' }).names;
    const fresh = () => {
      for (let i = 0; i < 3 && cacheStatus({ cwd: host, paths: [dir] }).state !== 'fresh'; i++) {
        settle();
        names();
      }
      expect(cacheStatus({ cwd: host, paths: [dir] }).state).toBe('fresh');
    };
    fresh();
    expect(names()).not.toContain('gained');
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'plain', version: '1.0.0', type: 'module', entryPoints: { g: { gained: '.:plugin' } } }),
    );
    expect(cacheStatus({ cwd: host, paths: [dir] })).toMatchObject({
      state: 'stale',
      changed: join(pkg, 'package.json'),
    });
    expect(names()).toContain('gained');
    fresh();
    writeFileSync(
      join(bare, 'package.json'),
      JSON.stringify({ name: 'bare', version: '1.0.0', type: 'module', entryPoints: { g: { appeared: '.:plugin' } } }),
    );
    expect(cacheStatus({ cwd: host, paths: [dir] })).toMatchObject({
      state: 'stale',
      changed: join(bare, 'package.json'),
    });
    expect(names()).toContain('appeared');
    expect(entryPoints({ cwd: host, paths: [dir], group: 'g' }).names).toEqual(
      entryPoints({ cwd: host, paths: [dir], group: 'g', cache: false }).names,
    );
  });

  test('an edit within the same clock tick keeps mtime, size and inode, and is still seen (ctime)', () => {
    const file = join(linked, 'package.json');
    const write = (name: string) => {
      writeFileSync(
        file,
        JSON.stringify({
          name: 'edited',
          version: '1.0.0',
          type: 'module',
          entryPoints: { g: { [name]: '.:plugin' } },
        }),
      );
      utimesSync(file, 1_700_000_000, 1_700_000_000);
    };
    write('tick-a');
    warm(host);
    const before = statSync(file);
    write('tick-b');
    const after = statSync(file);
    expect([after.mtimeMs, after.size, after.ino]).toEqual([before.mtimeMs, before.size, before.ino]);
    expect(cacheStatus({ cwd: host }).state).toBe('stale');
    expect(entryPoints({ cwd: host, group: 'g' }).names).toContain('tick-b');
    expectSame(host);
  });

  test('no index is written for a tree changed within the racy window; the next discovery writes it', () => {
    warm(host);
    writeFileSync(
      join(linked, 'package.json'),
      JSON.stringify({ name: 'edited', version: '1.0.1', entryPoints: { g: { racy: '.' } } }),
    );
    expect(entryPoints({ cwd: host, group: 'g' }).names).toContain('racy');
    // Another edit could land in the same clock tick without moving the mtime: not trusted yet.
    expect(cacheStatus({ cwd: host }).state).toBe('stale');
    settle();
    expectSame(host);
    expect(cacheStatus({ cwd: host }).state).toBe('fresh');
  });

  const corruptions: Record<string, (text: string) => string> = {
    'a truncated index file': (text) => text.slice(0, text.length >> 1),
    'garbage in the index file': () => '\u0000\u00ff garbage \u{1f4a5}'.repeat(50),
    'an index from another format version': (text) => JSON.stringify({ ...JSON.parse(text), format: 999 }),
    'an index of the right version with a wrong shape': (text) =>
      JSON.stringify({ ...JSON.parse(text), events: [['p', { name: 42 }]] }),
    'a package event pointing past the lookup directories': (text) => {
      const index = JSON.parse(text);
      index.events = index.events.map((e: unknown[]) => (e[0] === 'p' ? ['p', 99, ...e.slice(2)] : e));
      return JSON.stringify(index);
    },
    'a stamp of the wrong type': (text) => {
      const index = JSON.parse(text);
      index.stamps[0][1] = 42;
      return JSON.stringify(index);
    },
    'an index written for another host (same file name)': (text) =>
      JSON.stringify({ ...JSON.parse(text), key: 'another host' }),
  };
  for (const [what, corrupt] of Object.entries(corruptions)) {
    test(`${what} is ignored and rebuilt silently`, () => {
      warm(host);
      const file = cacheStatus({ cwd: host }).file!;
      writeFileSync(file, corrupt(readFileSync(file, 'utf8')));
      expect(cacheStatus({ cwd: host }).state).toBe('unreadable');
      expectSame(host);
      expect(entryPoints({ cwd: host }).diagnostics).toEqual([]);
      expect(cacheStatus({ cwd: host }).state).toBe('fresh');
    });
  }

  test('cache: false and PLUGBOARD_NO_CACHE=1 neither read nor write an index', () => {
    clearCache({ cwd: host });
    settle();
    entryPoints({ cwd: host, cache: false });
    entryPoints({ cwd: host, env: NO_CACHE });
    expect(cacheStatus({ cwd: host }).state).toBe('missing');
    expect(cacheStatus({ cwd: host, env: NO_CACHE }).state).toBe('disabled');
    expect(cacheStatus({ cwd: host, cache: false }).state).toBe('disabled');
    // A stale index is not replayed either: cache: false reads the tree.
    warm(host);
    const file = cacheStatus({ cwd: host }).file!;
    const index = JSON.parse(readFileSync(file, 'utf8'));
    // A package event is ['p', lookup, installedAs, dir, linked, manifest].
    index.events = index.events.filter((e: unknown[]) => e[0] !== 'p' || (e[5] as { name?: string }).name !== 'edited');
    writeFileSync(file, JSON.stringify(index));
    expect(entryPoints({ cwd: host, group: 'g' }).names).not.toContain('racy');
    expect(entryPoints({ cwd: host, group: 'g', cache: false }).names).toContain('racy');
  });

  test('clearCache removes the cache directory; discovery rebuilds it', () => {
    warm(host);
    const dir = clearCache({ cwd: host });
    expect(dir).toBe(join(host, 'node_modules', '.cache', 'plugboard'));
    expect(existsSync(dir!)).toBe(false);
    expect(clearCache({ cwd: host })).toBeUndefined();
    expectSame(host);
    warm(host);
  });
});

describe('hardening: defects the fuzzer found', () => {
  const deepManifest = (name: string, depth: number) =>
    `{"name":"${name}","version":"1.0.0","entryPoints":{"g":{"${name}":{"value":".","meta":${'{"d":'.repeat(depth)}1${'}'.repeat(depth)}}}}}`;
  const fresh = (cwd: string) => {
    for (let i = 0; i < 3 && cacheStatus({ cwd }).state !== 'fresh'; i++) {
      settle();
      snapshot(cwd);
    }
    return cacheStatus({ cwd });
  };
  const hostWith = (...names: string[]) =>
    installHost({
      install: packMany(
        names.map((name) => plugin(join(src, 'hard'), name, '1.0.0', { g: { [name]: '.:plugin' } })),
      ).map((tarball) => ({ tarball })),
    });

  test('a package nested 2,500 deep does not keep the index from being written for the others (it was swallowed: the whole tree ran uncached)', () => {
    const host = hostWith('deep-a', 'fine-a');
    writeFileSync(join(host, 'node_modules/deep-a/package.json'), deepManifest('deep-a', 2500));
    expect(fresh(host)).toMatchObject({ state: 'fresh', packages: 1 });
    expect(entryPoints({ cwd: host }).diagnostics.map((d) => [d.code, d.package])).toEqual([
      ['malformed-manifest', 'deep-a'],
    ]);
    expectSame(host);
  });

  test('numbers JSON cannot write back (1e400, -0), in meta or outside it, replay as they were read', () => {
    const host = hostWith('num-a', 'num-b', 'num-c');
    writeFileSync(
      join(host, 'node_modules/num-a/package.json'),
      '{"name":"num-a","version":"1.0.0","entryPoints":{"g":{"bad":1e400}}}',
    );
    writeFileSync(
      join(host, 'node_modules/num-b/package.json'),
      '{"name":"num-b","version":"1.0.0","entryPoints":{"g":{"num-b":{"value":".","meta":{"big":1e400,"zero":-0}}}}}',
    );
    expect(fresh(host)).toMatchObject({ state: 'fresh', packages: 3 });
    const meta = entryPoints({ cwd: host, name: 'num-b' }).toArray()[0]!.meta as { big: number; zero: number };
    expect(meta.big).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(meta.zero, -0)).toBe(true);
    expect(entryPoints({ cwd: host }).diagnostics[0]!.message).toContain('but it is a number');
    expectSame(host);
  });

  test('an installed plugin whose package.json is edited in place (patch-package, a hand fix) is seen', () => {
    const host = hostWith('patched', 'untouched');
    fresh(host);
    const file = join(host, 'node_modules/patched/package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.entryPoints = { g: { 'patched-too': '.:plugin' } };
    writeFileSync(file, JSON.stringify(manifest));
    expect(cacheStatus({ cwd: host })).toMatchObject({ state: 'stale', changed: file });
    expect(entryPoints({ cwd: host, group: 'g' }).names).toEqual(['patched-too', 'untouched']);
    expectSame(host);
  });

  test('a dangling scoped symlink is broken-link, cold and replayed', () => {
    const host = hostWith('@s/alive');
    symlinkSync(join(host, 'missing'), join(host, 'node_modules/@s/x'));
    for (let i = 0; i < 2; i++) {
      expect(entryPoints({ cwd: host }).diagnostics.map((d) => [d.code, d.path])).toEqual([
        ['broken-link', join(host, 'node_modules/@s/x')],
      ]);
      fresh(host);
    }
    expectSame(host);
  });

  test.skipIf(process.platform === 'win32')(
    'an index file that is a FIFO or a link to /dev/zero is refused, not read',
    () => {
      const host = hostWith('fifo-idx');
      const { file } = fresh(host);
      for (const make of [() => execFileSync('mkfifo', [file!]), () => symlinkSync('/dev/zero', file!)]) {
        rmSync(file!, { force: true });
        make();
        expect(cacheStatus({ cwd: host }).state).toBe('unreadable');
        expectSame(host);
      }
    },
  );

  test('an index every user can write to is refused (whyUnsafe rule)', () => {
    const host = hostWith('ww-idx');
    const { file } = fresh(host);
    const index = JSON.parse(readFileSync(file!, 'utf8'));
    // A poisoned replay: no packages, no diagnostics.
    index.events = [];
    writeFileSync(file!, JSON.stringify(index));
    chmodSync(file!, 0o666);
    expect(cacheStatus({ cwd: host })).toMatchObject({
      state: 'unreadable',
      reason: expect.stringContaining('writable by every user'),
    });
    expect(entryPoints({ cwd: host, group: 'g' }).names).toEqual(['ww-idx']);
  });

  test.skipIf(process.getuid?.() !== 0)(
    'an index another user rewrote is not replayed by root (the unsafe-lookup-dir warning stayed hidden)',
    () => {
      const host = hostWith('own-idx');
      const other = join(tempDir('outside'), 'evil');
      plugin(join(other, '..'), 'evil', '1.0.0', { g: { evil: '.:plugin' } });
      const { file } = fresh(host);
      const index = JSON.parse(readFileSync(file!, 'utf8'));
      // A package from outside every lookup directory, and the real one gone.
      index.events = [
        ['p', 0, 'evil', other, 1, { name: 'evil', version: '1.0.0', entryPoints: { g: { evil: '.' } } }],
      ];
      writeFileSync(file!, JSON.stringify(index));
      execFileSync('chown', ['65534:65534', file!]);
      expect(cacheStatus({ cwd: host })).toMatchObject({
        state: 'unreadable',
        reason: expect.stringContaining('owned by another user'),
      });
      expect(entryPoints({ cwd: host, group: 'g' }).names).toEqual(['own-idx']);
      // And a cache directory another user owns is neither read nor written.
      rmSync(file!);
      execFileSync('chown', ['65534:65534', join(file!, '..')]);
      settle();
      expectSame(host);
      expect(existsSync(file!)).toBe(false);
    },
  );

  test('an index copied in from another tree, its key rewritten, is refused', () => {
    const a = hostWith('copied-a');
    const b = hostWith('copied-b');
    const fromA = fresh(a).file!;
    const fromB = fresh(b).file!;
    const index = JSON.parse(readFileSync(fromA, 'utf8'));
    index.key = JSON.parse(readFileSync(fromB, 'utf8')).key;
    writeFileSync(fromB, JSON.stringify(index));
    expect(cacheStatus({ cwd: b }).state).toBe('unreadable');
    expect(entryPoints({ cwd: b, group: 'g' }).names).toEqual(['copied-b']);
    expectSame(b);
  });
});

describe('processes', () => {
  let host: string;
  let script: string;
  /** plugboard's dist, installed from its tarball where `nobody` can read it, wherever the checkout is. */
  let index: string;
  beforeAll(() => {
    // Not dist/ in the checkout: a clone in root's home or in a `mktemp -d` folder (mode 700) is
    // unreadable to nobody, and these tests failed there with ERR_MODULE_NOT_FOUND.
    const runner = installHost({ name: 'runner', plugboard: true });
    index = pathToFileURL(join(runner, 'node_modules', 'plugboard', 'dist', 'index.js')).href;
    if (process.getuid?.() === 0) execFileSync('chmod', ['-R', 'a+rX', join(runner, '..')]);
    const plugins = ['p1', 'p2', '@s/p3'].map((name) =>
      plugin(src, `proc-${name}`.replace('proc-@s/', '@s/proc-'), '1.0.0', {
        g: { [name.replace(/\W/g, '')]: '.:plugin' },
      }),
    );
    host = installHost({ install: packMany(plugins).map((tarball) => ({ tarball })) });
    script = join(host, 'discover.mjs');
    writeFileSync(
      script,
      `import { readFileSync, unlinkSync } from 'node:fs';
import { cacheStatus, entryPoints } from ${JSON.stringify(index)};
const expected = readFileSync(process.argv[2], 'utf8');
const rounds = Number(process.argv[3] ?? 1);
let wrong = 0;
for (let i = 0; i < rounds; i++) {
  const found = entryPoints();
  if (JSON.stringify({ names: found.names, diagnostics: found.diagnostics }) !== expected) wrong++;
  // Knock the index out now and then, so the others rebuild it while one is reading.
  if (i % 3 === 2) { try { unlinkSync(cacheStatus().file); } catch {} }
}
console.log(JSON.stringify({ wrong, state: cacheStatus().state }));
`,
    );
    // Root ignores permissions: the read-only check runs as nobody, who must be able to read the host.
    if (process.getuid?.() === 0) execFileSync('chmod', ['-R', 'a+rX', join(host, '..')]);
  });

  function expected(): string {
    const file = join(host, 'expected.json');
    const found = entryPoints({ cwd: host, cache: false });
    writeFileSync(file, JSON.stringify({ names: found.names, diagnostics: found.diagnostics }));
    if (process.getuid?.() === 0) chmodSync(file, 0o644);
    return file;
  }

  test('four processes discovering at once while the index is rebuilt all get the right answer', async () => {
    const file = expected();
    clearCache({ cwd: host });
    settle();
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ wrong: number; state: string }>((resolve, reject) => {
            const child = spawn(process.execPath, [script, file, '12'], {
              cwd: host,
              stdio: ['ignore', 'pipe', 'inherit'],
            });
            let out = '';
            child.stdout.on('data', (chunk) => {
              out += chunk;
            });
            child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    expect(runs.map((r) => r.wrong)).toEqual([0, 0, 0, 0]);
    expectSame(host);
    warm(host);
    // Every writer renamed its temp file into place or removed it.
    expect(readdirSync(cacheStatus({ cwd: host }).dir!).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('clearCache while other processes write indexes never fails (fuzzer: ENOTEMPTY in 16 of 126 calls)', async () => {
    // Writers that do what writeIndex does (a temp file renamed into place) as fast as they can,
    // as many discovering processes rebuilding at once do, so the directory is never still.
    const writer = join(host, 'writer.mjs');
    writeFileSync(
      writer,
      `import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cacheStatus } from ${JSON.stringify(index)};
const { dir, file } = cacheStatus();
console.log('go');
for (let i = 0; i < 8000; i++) {
  const temp = file + '.' + process.pid + '.' + i + '.tmp';
  try { mkdirSync(dir, { recursive: true }); writeFileSync(temp, '{}'); renameSync(temp, file); } catch {}
}
`,
    );
    const started: Promise<void>[] = [];
    const runs = Array.from(
      { length: 2 },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [writer], { cwd: host, stdio: ['ignore', 'pipe', 'inherit'] });
          started.push(new Promise((go) => child.stdout.once('data', () => go())));
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
        }),
    );
    await Promise.all(started);
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      try {
        clearCache({ cwd: host });
      } catch (error) {
        failures.push(String(error));
      }
    }
    await Promise.all(runs);
    // Discovery through all of it: the answer is right, and nothing is thrown.
    expect(snapshot(host)).toEqual(snapshot(host, NO_CACHE));
    expect(failures.slice(0, 1)).toEqual([]);
    expect(readdirSync(join(host, 'node_modules', '.cache')).filter((f) => f.endsWith('.removing'))).toEqual([]);
  });

  test.skipIf(process.getuid?.() !== 0)(
    'a read-only node_modules falls back to no cache (run as nobody, since root ignores permissions)',
    () => {
      const file = expected();
      clearCache({ cwd: host });
      settle();
      const out = JSON.parse(
        execFileSync(process.execPath, [script, file, '2'], { cwd: host, encoding: 'utf8', uid: 65534, gid: 65534 }),
      );
      expect(out).toEqual({ wrong: 0, state: 'unavailable' });
      expect(existsSync(join(host, 'node_modules', '.cache', 'plugboard'))).toBe(false);
      // An index root wrote is not used by nobody: what discovery reports depends on who runs it
      // (unreadable directories, unsafe-lookup-dir), so the uid is part of the key.
      for (let i = 0; i < 5; i++) {
        const asRoot = JSON.parse(execFileSync(process.execPath, [script, file, '1'], { cwd: host, encoding: 'utf8' }));
        expect(asRoot.wrong).toBe(0);
        if (asRoot.state === 'fresh') break;
        settle();
      }
      const again = JSON.parse(
        execFileSync(process.execPath, [script, file, '1'], { cwd: host, encoding: 'utf8', uid: 65534, gid: 65534 }),
      );
      expect(again).toEqual({ wrong: 0, state: 'unavailable' });
    },
  );

  test.skipIf(process.getuid?.() !== 0)(
    'an index made stale by making node_modules read-only is unavailable, not stale forever (as nobody; found by an audit)',
    () => {
      const own = installHost({
        install: packMany([plugin(src, 'ro-plugin', '1.0.0', { g: { ro: '.:plugin' } })]).map((tarball) => ({
          tarball,
        })),
      });
      execFileSync('chmod', ['-R', 'a+rX', join(own, '..')]);
      execFileSync('chown', ['-R', '65534:65534', join(own, 'node_modules')]);
      // The uncached answer as nobody sees it (as root, a node_modules nobody owns is unsafe-lookup-dir).
      const code = `import { entryPoints } from ${JSON.stringify(index)}; const f = entryPoints({ cache: false }); console.log(JSON.stringify({ names: f.names, diagnostics: f.diagnostics }));`;
      const file = join(own, 'expected.json');
      writeFileSync(
        file,
        execFileSync(process.execPath, ['--input-type=module', '-e', code], {
          cwd: own,
          encoding: 'utf8',
          uid: 65534,
          gid: 65534,
        }).trim(),
      );
      chmodSync(file, 0o644);
      const asNobody = () =>
        JSON.parse(
          execFileSync(process.execPath, [script, file, '1'], { cwd: own, encoding: 'utf8', uid: 65534, gid: 65534 }),
        ) as { wrong: number; state: string };
      let state = '';
      for (let i = 0; i < 5 && state !== 'fresh'; i++) {
        settle();
        state = asNobody().state;
      }
      expect(state).toBe('fresh');
      execFileSync('chmod', ['-R', 'a-w', join(own, 'node_modules')]);
      try {
        expect(asNobody()).toEqual({ wrong: 0, state: 'unavailable' });
      } finally {
        execFileSync('chmod', ['-R', 'u+w', join(own, 'node_modules')]);
      }
    },
  );

  test.skipIf(process.getuid?.() !== 0)(
    'a node_modules that cannot be searched: status unavailable, clear a coded error, discovery a diagnostic (as nobody)',
    () => {
      const locked = installHost({ install: [] });
      mkdirSync(join(locked, 'node_modules', '.cache', 'plugboard'), { recursive: true });
      execFileSync('chmod', ['-R', 'a+rX', join(locked, '..')]);
      chmodSync(join(locked, 'node_modules'), 0o000);
      try {
        const code = `import { cacheStatus, clearCache, entryPoints } from ${JSON.stringify(index)};
let clear;
try { clearCache(); clear = 'returned'; } catch (error) { clear = [error.constructor.name, error.code, error.message]; }
console.log(JSON.stringify({ state: cacheStatus().state, clear, diagnostics: entryPoints().diagnostics.map((d) => d.code) }));`;
        const out = JSON.parse(
          execFileSync(process.execPath, ['--input-type=module', '-e', code], {
            cwd: locked,
            encoding: 'utf8',
            uid: 65534,
            gid: 65534,
          }),
        );
        expect(out.state).toBe('unavailable');
        expect(out.clear.slice(0, 2)).toEqual(['CacheClearError', 'cache-clear-failed']);
        expect(out.clear[2]).toContain(
          `could not remove the cache directory ${join(locked, 'node_modules', '.cache', 'plugboard')}`,
        );
        expect(out.diagnostics).toContain('unreadable');
      } finally {
        chmodSync(join(locked, 'node_modules'), 0o755);
      }
    },
  );
});
