import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { defineGroup, type PluginError } from '../../src/index.js';
import { groupHost, HOST } from './fixture.js';

let host: string;
beforeAll(() => {
  host = groupHost();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const Plugin = z.object({
  title: z.string(),
  run: z.custom<() => string>((f) => typeof f === 'function', 'run must be a function'),
});
const codes = (errors: readonly PluginError[]) => errors.map((e) => [e.entryName, e.code]);

describe('loadAll', () => {
  test('loads the one good plugin and reports the five others with distinct codes', async () => {
    const group = defineGroup('app.plugins', { schema: Plugin, cwd: host, block: ['plugin-blocked'], timeout: 500 });
    const { plugins, errors } = await group.loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['good']);
    expect(plugins[0]!.plugin.run()).toBe('good ran');
    expect(plugins[0]!.entryPoint.package.name).toBe('plugin-good');
    // Discovery order: by package name within the host's node_modules.
    expect(codes(errors)).toEqual([
      ['bad-shape', 'contract-failed'],
      ['blocked', 'blocked'],
      ['hangs', 'timeout'],
      ['throws', 'import-failed'],
      ['too-new', 'incompatible'],
    ]);
    for (const error of errors) expect(error.package).toBe(error.entryPoint!.package.name);
    const [badShape, , , throws, tooNew] = errors;
    expect(badShape!.message).toContain('title');
    expect((badShape as unknown as { issues: { path: string[] }[] }).issues.map((issue) => issue.path)).toEqual([
      ['title'],
      ['run'],
    ]);
    expect((throws!.cause as Error).message).toBe('plugin-throws refuses to import');
    expect(tooNew!.message).toContain(
      `'plugin-too-new@1.0.0' requires '${HOST.name}@^2.0.0' (peerDependencies), but the host is '${HOST.name}@${HOST.version}'; upgrade the plugin, or the host`,
    );
  });

  test("discover() shows the policies' refusals as diagnostics, without importing", () => {
    const found = defineGroup('app.plugins', { cwd: host, block: ['blocked'] }).discover();
    expect(found.names).toEqual(['bad-shape', 'good', 'hangs', 'throws']);
    const refused = found.diagnostics.map((d) => [d.name, d.code, d.severity]);
    expect(refused).toEqual([
      ['blocked', 'blocked', 'error'],
      ['too-new', 'incompatible', 'error'],
    ]);
    expect(found.diagnostics[1]!.path).toMatch(/plugin-too-new[/\\]package\.json$/);
  });

  test("onError: 'throw' rejects with the first failure in load order", async () => {
    const group = defineGroup('app.plugins', { schema: Plugin, cwd: host, onError: 'throw', timeout: 500 });
    await expect(group.loadAll()).rejects.toMatchObject({ code: 'contract-failed', entryName: 'bad-shape' });
  });

  test("onError: 'throw' loads nothing after the first failure", async () => {
    // With no timeout, reaching `hangs` would never settle: only stopping at `throws` rejects.
    const group = defineGroup('app.plugins', { cwd: host, onError: 'throw', timeout: 0 });
    await expect(group.loadNamed(['throws', 'hangs'])).rejects.toMatchObject({ code: 'import-failed' });
  });

  test('an explicit host overrides the package.json one', async () => {
    const group = defineGroup('app.plugins', {
      cwd: host,
      host: { name: HOST.name, version: '2.1.0' },
      allow: ['too-new', 'good'],
    });
    const { plugins, errors } = await group.loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['too-new']);
    expect(codes(errors)).toEqual([['good', 'incompatible']]);
    expect(errors[0]).toMatchObject({ range: '^1.2.0', host: { version: '2.1.0' } });
  });
});

test('a prerelease host satisfies the range of its release line', () => {
  const found = defineGroup('app.plugins', {
    cwd: host,
    host: { name: HOST.name, version: '1.5.0-beta.1' },
  }).discover();
  expect(found.names).toContain('good');
});

describe('load', () => {
  test('returns the typed plugin', async () => {
    const plugin = await defineGroup('app.plugins', { schema: Plugin, cwd: host }).load('good');
    expect(plugin.title).toBe('Good');
  });

  test.each([
    ['nope', 'not-found'],
    ['throws', 'import-failed'],
    ['too-new', 'incompatible'],
    ['blocked', 'blocked'],
  ])('load(%s) throws %s', async (name, code) => {
    await expect(defineGroup('app.plugins', { cwd: host, block: ['blocked'] }).load(name)).rejects.toMatchObject({
      code,
      entryName: name,
    });
  });

  test('a module that never finishes loading times out', async () => {
    const error = await defineGroup('app.plugins', { cwd: host, timeout: 200 })
      .load('hangs')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout', timeout: 200, package: 'plugin-hangs' });
  });
});

describe('loadNamed', () => {
  test('loads in the given order and reports a missing name as not-found', async () => {
    const group = defineGroup('app.conflicts', { cwd: host, conflicts: 'first' });
    const { plugins, errors } = await group.loadNamed(['solo', 'missing', 'dup']);
    expect(plugins.map((p) => [p.name, p.plugin])).toEqual([
      ['solo', 'solo'],
      ['dup', 'dup from dup-one'],
    ]);
    expect(codes(errors)).toEqual([['missing', 'not-found']]);
  });
});

describe('conflicts', () => {
  test("'error' (the default) refuses every package that declares the name, and loads the rest", async () => {
    const group = defineGroup('app.conflicts', { cwd: host });
    const { plugins, errors } = await group.loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['solo']);
    expect(errors.map((e) => [e.code, e.package])).toEqual([
      ['conflict', 'dup-one'],
      ['conflict', 'dup-two'],
    ]);
    await expect(group.load('dup')).rejects.toMatchObject({ code: 'conflict' });
    expect(
      group
        .discover()
        .diagnostics.filter((d) => d.code === 'conflict-refused')
        .map((d) => d.package),
    ).toEqual(['dup-one', 'dup-two']);
  });

  test.each([
    ['first', ['dup from dup-one']],
    ['last', ['dup from dup-two']],
    ['all', ['dup from dup-one', 'dup from dup-two']],
  ] as const)("'%s'", async (conflicts, dups) => {
    const { plugins, errors } = await defineGroup('app.conflicts', { cwd: host, conflicts }).loadAll();
    expect(errors).toEqual([]);
    expect(plugins.filter((p) => p.name === 'dup').map((p) => p.plugin)).toEqual(dups);
  });

  test("'first' leaves an overridden diagnostic; 'all' makes load() ambiguous", async () => {
    const first = defineGroup('app.conflicts', { cwd: host, conflicts: 'first' }).discover();
    expect(first.diagnostics.filter((d) => d.code === 'overridden').map((d) => [d.package, d.severity])).toEqual([
      ['dup-two', 'warning'],
    ]);
    // The policy settled it: discovery's "all are returned" conflict warning would be stale.
    expect(first.diagnostics.map((d) => d.code)).not.toContain('conflict');
    expect(
      defineGroup('app.conflicts', { cwd: host, block: ['dup-two'] })
        .discover()
        .diagnostics.map((d) => d.code),
    ).toEqual(['blocked']);
    expect(
      defineGroup('app.conflicts', { cwd: host, conflicts: 'all' })
        .discover()
        .diagnostics.map((d) => d.code),
    ).toContain('conflict');
    await expect(defineGroup('app.conflicts', { cwd: host, conflicts: 'all' }).load('dup')).rejects.toMatchObject({
      code: 'ambiguous',
    });
  });
});

describe('trust', () => {
  test("'dependencies' refuses a plugin npm hoisted only because another dependency requires it", async () => {
    const group = defineGroup('app.trust', { cwd: host, trust: 'dependencies' });
    const { plugins, errors } = await group.loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['direct']);
    expect(codes(errors)).toEqual([['child', 'untrusted']]);
    expect(errors[0]!.message).toContain('child-plugin is installed in');
    const [refused] = group.discover().diagnostics;
    expect(refused).toMatchObject({ code: 'untrusted', severity: 'error', package: 'child-plugin', name: 'child' });
  });

  test("'installed' loads it", async () => {
    const { plugins } = await defineGroup('app.trust', { cwd: host, trust: 'installed' }).loadAll();
    expect(plugins.map((p) => p.name).sort()).toEqual(['child', 'direct']);
  });

  // Issue 16: a transitive dependency cannot add a plugin unless the host opts in with 'installed'.
  test("'dependencies' is the default", async () => {
    const { plugins, errors } = await defineGroup('app.trust', { cwd: host }).loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['direct']);
    expect(codes(errors)).toEqual([['child', 'untrusted']]);
  });

  test("'dependencies' trusts the folders chosen for plugboard (paths, PLUGBOARD_PATH), not NODE_PATH", async () => {
    const dir = `${host}/node_modules`;
    const chosen = (options: { paths?: string[]; env?: Record<string, string> }) =>
      defineGroup('app.trust', { cwd: '/', trust: 'dependencies', env: {}, ...options }).loadAll();
    expect((await chosen({ paths: [dir] })).plugins.map((p) => p.name).sort()).toEqual(['child', 'direct']);
    expect((await chosen({ env: { PLUGBOARD_PATH: dir } })).plugins).toHaveLength(2);
    expect(codes((await chosen({ env: { NODE_PATH: dir } })).errors)).toEqual([
      ['child', 'untrusted'],
      ['direct', 'untrusted'],
    ]);
  });

  test("the host's package.json may start with a byte order mark, as Node allows", async () => {
    const app = join(host, 'bom-app');
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      `\uFEFF${JSON.stringify({ name: 'bom-app', dependencies: { 'child-plugin': '*' } })}`,
    );
    const { plugins, errors } = await defineGroup('app.trust', { cwd: app, trust: 'dependencies' }).loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['child']);
    expect(codes(errors)).toEqual([['direct', 'untrusted']]);
  });

  test("a host package.json that is not JSON refuses everything, naming it; an ancestor's is not used instead", async () => {
    // The ancestor (the fixture host) trusts direct-plugin; this broken package.json must not fall back to it.
    const app = join(host, 'broken-app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), '{ "name": "broken-app", ');
    const { plugins, errors } = await defineGroup('app.trust', { cwd: app, trust: 'dependencies' }).loadAll();
    expect(plugins).toEqual([]);
    expect(codes(errors)).toEqual([
      ['child', 'untrusted'],
      ['direct', 'untrusted'],
    ]);
    expect(errors[0]!.message).toContain(
      `the host's package.json (${join(app, 'package.json')}) cannot be used: it is not valid JSON`,
    );
  });

  test("'dependencies' without a host package.json refuses everything", async () => {
    const { errors } = await defineGroup('app.trust', {
      cwd: '/',
      env: { NODE_PATH: `${host}/node_modules` },
      trust: 'dependencies',
    }).loadAll();
    expect(errors.map((e) => e.code)).toEqual(['untrusted', 'untrusted']);
  });
});

describe('allow, block and npm aliases', () => {
  test('block matches the real name of a package installed under an alias', async () => {
    const { plugins, errors } = await defineGroup('app.alias', { cwd: host, block: ['evil'] }).loadAll();
    expect(plugins).toEqual([]);
    expect(errors[0]).toMatchObject({ code: 'blocked', package: 'evil' });
    expect(errors[0]!.entryPoint!.package.installedAs).toBe('nice');
  });

  test('block matches the alias too', async () => {
    const { errors } = await defineGroup('app.alias', { cwd: host, block: ['nice'] }).loadAll();
    expect(errors[0]!.message).toContain("'nice', the name the package evil is installed as");
  });

  test('allow does not let an alias borrow an allowed name', async () => {
    const byAlias = await defineGroup('app.alias', { cwd: host, allow: ['nice'] }).loadAll();
    expect(byAlias).toEqual({ plugins: [], errors: [] });
    // Nor the real name, from a folder or tarball: such a package can claim any name. Only an
    // `npm:` alias the host's package.json declares, or the entry name, allows it.
    const byRealName = await defineGroup('app.alias', { cwd: host, allow: ['evil'] }).loadAll();
    expect(byRealName.plugins).toEqual([]);
    expect(byRealName.errors.map((e) => e.code)).toEqual(['blocked']);
    expect(byRealName.errors[0]!.message).toContain("is installed as 'nice'");
    const byEntry = await defineGroup('app.alias', { cwd: host, allow: ['helper'] }).loadAll();
    expect(byEntry.plugins.map((p) => p.plugin)).toEqual(['evil helper']);
  });

  test('an entry outside allow is a diagnostic for loadAll, and blocked for loadNamed', async () => {
    const group = defineGroup('app.plugins', { cwd: host, allow: ['good'] });
    expect(
      group
        .discover()
        .diagnostics.filter((d) => d.code === 'not-allowed')
        .map((d) => d.name),
    ).toEqual(['bad-shape', 'blocked', 'hangs', 'throws', 'too-new']);
    const { errors } = await group.loadNamed(['throws']);
    expect(codes(errors)).toEqual([['throws', 'blocked']]);
  });
});

describe('PLUGBOARD_DISABLE_AUTOLOAD', () => {
  test('=1 loads only the allow list', async () => {
    vi.stubEnv('PLUGBOARD_DISABLE_AUTOLOAD', '1');
    const { plugins, errors } = await defineGroup('app.plugins', { cwd: host, allow: ['plugin-good'] }).loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['good']);
    expect(errors).toEqual([]);
  });

  test('=1 with no allow list loads nothing, and says why', async () => {
    const group = defineGroup('app.plugins', { cwd: host, env: { PLUGBOARD_DISABLE_AUTOLOAD: '1' } });
    expect(await group.loadAll()).toEqual({ plugins: [], errors: [] });
    expect(group.discover().diagnostics[0]!.message).toContain('PLUGBOARD_DISABLE_AUTOLOAD is set');
    await expect(group.load('good')).rejects.toMatchObject({ code: 'blocked' });
  });

  test('=0 keeps autoloading', async () => {
    const { plugins } = await defineGroup('app.trust', {
      cwd: host,
      trust: 'installed',
      env: { PLUGBOARD_DISABLE_AUTOLOAD: '0' },
    }).loadAll();
    expect(plugins).toHaveLength(2);
  });
});

describe('invoke and module shapes', () => {
  const misc = (names: string[]) =>
    defineGroup<((who: string) => { greeting: string }) | { greeting: string }>('app.misc', {
      cwd: host,
      invoke: ['ada'],
    }).loadNamed(names);

  test('calls functions, awaits async ones, constructs classes and keeps other objects as they are', async () => {
    const { plugins, errors } = await misc(['factory', 'async-factory', 'klass', 'constant']);
    expect(errors).toEqual([]);
    expect(plugins.map((p) => p.plugin.greeting)).toEqual(['hello ada', 'async ada', 'hi ada', 'constant']);
  });

  test('a throwing factory is invoke-failed', async () => {
    const { errors } = await misc(['factory-throws']);
    expect(errors[0]).toMatchObject({ code: 'invoke-failed', entryName: 'factory-throws' });
    expect((errors[0]!.cause as Error).message).toBe('factory broke');
  });

  test('a missing attribute and a missing module keep their core codes', async () => {
    const { errors } = await misc(['no-attr', 'no-module']);
    expect(codes(errors)).toEqual([
      ['no-attr', 'attribute-missing'],
      ['no-module', 'module-not-found'],
    ]);
  });

  test('a host version that is not semver refuses nothing, and is reported for each range it could not check', () => {
    const found = defineGroup('app.plugins', { cwd: host, host: { name: HOST.name, version: '2.0' } }).discover();
    expect(found.names).toEqual(['bad-shape', 'blocked', 'good', 'hangs', 'throws', 'too-new']);
    const unchecked = found.diagnostics.filter((d) => d.code === 'unchecked-range');
    expect(unchecked.map((d) => d.name).sort()).toEqual(['good', 'too-new']);
    expect(unchecked[0]!.message).toContain(
      `but the host's version '2.0' (the group's host option) is not a semver version`,
    );
    expect(found.diagnostics.filter((d) => d.code === 'incompatible')).toEqual([]);
  });

  test('exports that are Proxies whose traps throw fail with codes that name the package, not a bare Error', async () => {
    const { plugins, errors } = await defineGroup('app.proxy', { cwd: host }).loadAll();
    expect(plugins).toEqual([]);
    expect(codes(errors)).toEqual([
      ['whole', 'import-failed'],
      ['missing', 'attribute-missing'],
    ]);
    for (const error of errors) expect(error.package).toBe('proxy-plugin');
    expect(errors[0]!.message).toContain('proxy trap');
  });

  test('a range that is not semver is reported, not enforced', () => {
    const found = defineGroup('app.misc', { cwd: host }).discover();
    expect(found.size).toBe(7);
    expect(found.diagnostics.map((d) => d.code)).toContain('unchecked-range');
  });

  test("a CommonJS plugin's module.exports is the plugin", async () => {
    expect(await defineGroup('app.cjs', { cwd: host }).load('cjs')).toEqual({ greeting: 'from commonjs' });
  });

  test('CommonJS compiled from `export default` (exports.default and __esModule) is unwrapped to its default', async () => {
    expect(await defineGroup('app.cjs', { cwd: host }).load('tscjs')).toEqual({ greeting: 'from compiled typescript' });
  });

  test('a timeout that is negative or not a number is refused when the group is defined', () => {
    expect(() => defineGroup('app.cjs', { timeout: -5 })).toThrow(
      "defineGroup('app.cjs'): timeout must be a number of milliseconds, 0 or Infinity for none, not -5",
    );
    expect(() => defineGroup('app.cjs', { timeout: Number.NaN })).toThrow(TypeError);
    expect(() => defineGroup('app.cjs', { timeout: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  test('from: discovery acts for a module, wherever the process stands', () => {
    const group = defineGroup('app.cjs', { cwd: '/', from: pathToFileURL(join(host, 'host.mjs')) });
    expect(group.discover().names).toEqual(['cjs', 'tscjs']);
  });

  test('a schema that throws is contract-failed', async () => {
    const throwing = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: () => {
          throw new Error('validator bug');
        },
      },
    };
    await expect(defineGroup('app.cjs', { cwd: host, schema: throwing }).load('cjs')).rejects.toMatchObject({
      code: 'contract-failed',
    });
  });

  test('a schema that breaks the Standard Schema contract is contract-failed, not a TypeError', async () => {
    const broken = (result: unknown) => ({
      '~standard': { version: 1 as const, vendor: 'test', validate: () => result as never },
    });
    await expect(defineGroup('app.cjs', { cwd: host, schema: broken(undefined) }).load('cjs')).rejects.toMatchObject({
      code: 'contract-failed',
      message: expect.stringContaining("the schema's validate() returned undefined, not a Standard Schema result"),
    });
    await expect(
      defineGroup('app.cjs', { cwd: host, schema: broken({ issues: 'bad' }) }).load('cjs'),
    ).rejects.toMatchObject({
      code: 'contract-failed',
      message: expect.stringContaining('issues that are not an array'),
    });
  });
});
