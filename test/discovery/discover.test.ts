/**
 * Discovery against real npm installs: tarballs, linked folders, workspaces, nesting, shadowing,
 * and every diagnostic code.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Diagnostic, entryPoints } from '../../src/index.js';
import { installHost, npm, pack, tempDir, writePackage } from '../support/fixtures.js';

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code).sort();

let src: string;
beforeAll(() => {
  src = tempDir('src');
});

function plugin(name: string, entryPoints: unknown, extra: Partial<Parameters<typeof writePackage>[1]> = {}): string {
  return writePackage(src, {
    name,
    type: 'module',
    entryPoints,
    files: { 'index.js': `export const plugin = { from: '${name}' };\n` },
    ...extra,
  });
}

describe('the acceptance host: plugboard and three plugins from npm pack tarballs, run as its own process', () => {
  let host: string;
  beforeAll(() => {
    const esm = writePackage(src, {
      name: 'esm-plugin',
      type: 'module',
      exports: { '.': './dist/index.js', './plugin': './dist/plugin.js' },
      entryPoints: { 'my-plugins': { esm: './plugin:plugin' } },
      files: { 'dist/index.js': 'export {};\n', 'dist/plugin.js': "export const plugin = { kind: 'esm' };\n" },
    });
    const cjs = writePackage(src, {
      name: '@acme/cjs-plugin',
      entryPoints: { 'my-plugins': { cjs: './lib/index.js:default' } },
      files: { 'lib/index.js': "module.exports = { kind: 'cjs' };\n" },
    });
    const two = writePackage(src, {
      name: 'two-groups',
      type: 'module',
      entryPoints: {
        'my-plugins': { two: '.:plugin' },
        'other-group': { other: { value: '.:other', meta: { priority: 3 } } },
      },
      files: { 'index.js': "export const plugin = { kind: 'two' }; export const other = { kind: 'other' };\n" },
    });
    host = installHost({
      plugboard: true,
      install: [{ tarball: pack(esm) }, { tarball: pack(cjs) }, { tarball: pack(two) }],
      files: {
        'main.js': `import { entryPoints } from 'plugboard';
const found = entryPoints({ group: process.argv[2] });
const loaded = {};
for (const ep of found) loaded[ep.name] = await ep.load();
console.log(JSON.stringify({ names: found.names, loaded, entries: found.toJSON().entryPoints, diagnostics: found.diagnostics }));
`,
      },
    });
    // No package manager writes an invalid package.json, so this one is made by hand.
    mkdirSync(join(host, 'node_modules/broken'));
    writeFileSync(
      join(host, 'node_modules/broken/package.json'),
      '{ "name": "broken", "entryPoints": { "my-plugins": ',
    );
  });

  const run = (group: string) =>
    JSON.parse(execFileSync(process.execPath, ['main.js', group], { cwd: host, encoding: 'utf8' }));

  test('finds exactly the entries of the group and loads the right objects', () => {
    const out = run('my-plugins');
    expect(out.names).toEqual(['cjs', 'esm', 'two']);
    expect(out.loaded).toEqual({ cjs: { kind: 'cjs' }, esm: { kind: 'esm' }, two: { kind: 'two' } });
    expect(out.entries.map((e: { package: string; value: string }) => `${e.package} ${e.value}`)).toEqual([
      '@acme/cjs-plugin ./lib/index.js:default',
      'esm-plugin ./plugin:plugin',
      'two-groups .:plugin',
    ]);
  });

  test('the other group of a two-group package, with its meta, is found on its own', () => {
    const out = run('other-group');
    expect(out.names).toEqual(['other']);
    expect(out.entries[0].meta).toEqual({ priority: 3 });
    expect(out.loaded).toEqual({ other: { kind: 'other' } });
  });

  test('a malformed package.json beside them is a diagnostic, not a throw', () => {
    const [d, ...rest] = run('my-plugins').diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'malformed-manifest',
      severity: 'error',
      package: 'broken',
      path: join(realpathSync(host), 'node_modules/broken/package.json'),
    });
    expect(d.message).toContain('broken');
  });
});

describe('a package.json with a byte order mark', () => {
  test('is read, as Node reads it when it imports the package (hand-made: npm pack does not keep the mark)', async () => {
    const host = installHost({ install: [] });
    const dir = join(host, 'node_modules', 'bom-plugin');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `\uFEFF${JSON.stringify({ name: 'bom-plugin', type: 'module', exports: './index.js', entryPoints: { g: { bom: '.:plugin' } } })}`,
    );
    writeFileSync(join(dir, 'index.js'), "export const plugin = 'bom';\n");
    const found = entryPoints({ cwd: host, group: 'g', cache: false });
    expect(found.diagnostics).toEqual([]);
    expect(await found.get('bom').load()).toBe('bom');
  });
});

describe('layouts', () => {
  test('linked folders and npm workspaces are followed to their real location', () => {
    const linked = plugin('linked-plugin', { g: { linked: '.:plugin' } });
    const host = installHost({ install: [{ link: linked }] });
    writePackage(join(host, 'packages'), {
      name: 'ws-plugin',
      type: 'module',
      entryPoints: { g: { ws: '.:plugin' } },
      files: { 'index.js': 'export const plugin = 1;' },
    });
    const pkg = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'));
    writeFileSync(join(host, 'package.json'), JSON.stringify({ ...pkg, workspaces: ['packages/*'] }));
    npm(['install'], host);
    const found = entryPoints({ cwd: host, group: 'g' });
    expect(found.diagnostics).toEqual([]);
    expect(found.toArray().map((ep) => [ep.name, ep.package.dir, ep.package.linked])).toEqual([
      ['linked', realpathSync(linked), true],
      ['ws', realpathSync(join(host, 'packages/ws-plugin')), true],
    ]);
  });

  test('a package nested under another package is private to it and not discovered', async () => {
    const inner1 = plugin('inner', { g: { inner: '.:plugin' } }, { version: '1.0.0' });
    const inner2tgz = pack(
      writePackage(tempDir('v2'), {
        name: 'inner',
        version: '2.0.0',
        type: 'module',
        entryPoints: { g: { inner2: '.:plugin' } },
        files: { 'index.js': 'export const plugin = 2;' },
      }),
    );
    const outer = writePackage(src, { name: 'outer', dependencies: { inner: `file:${inner2tgz}` } });
    const host = installHost({ install: [{ tarball: pack(inner1) }, { tarball: pack(outer) }] });
    // npm nested inner@2 under outer because the host has inner@1 at the top.
    expect(
      JSON.parse(readFileSync(join(host, 'node_modules/outer/node_modules/inner/package.json'), 'utf8')).version,
    ).toBe('2.0.0');
    const found = entryPoints({ cwd: host, group: 'g' });
    expect(found.names).toEqual(['inner']);
    expect(found.diagnostics).toEqual([]);
    expect(await found.get('inner').load()).toEqual({ from: 'inner' });
  });

  test('the nearest node_modules wins; a farther package declaring entry points is shadowed', () => {
    const outerProject = installHost({
      install: [
        { tarball: pack(plugin('shady', { g: { far: '.:plugin' } }, { version: '1.0.0' })) },
        { tarball: pack(plugin('only-far', { g: { onlyFar: '.:plugin' } })) },
      ],
    });
    const nearTgz = pack(writePackage(tempDir('near'), { name: 'shady', version: '2.0.0' }));
    const inner = installHost({ dir: join(outerProject, 'apps/inner'), install: [{ tarball: nearTgz }] });
    const found = entryPoints({ cwd: inner, group: 'g' });
    expect(found.names).toEqual(['onlyFar']);
    expect(codes(found.diagnostics)).toEqual(['shadowed']);
    expect(found.diagnostics[0]).toMatchObject({
      package: 'shady',
      path: join(realpathSync(outerProject), 'node_modules/shady/package.json'),
    });
  });

  test('NODE_PATH, then PLUGBOARD_PATH, then paths, after node_modules', () => {
    const dirs = ['node-path', 'plugboard-path', 'paths'].map((label) => {
      const prefix = tempDir(label);
      npm(
        [
          'install',
          '--prefix',
          prefix,
          pack(plugin(`from-${label}`, { g: { [label]: '.:plugin', shared: '.:plugin' } })),
        ],
        src,
      );
      return join(prefix, 'node_modules');
    });
    const host = installHost({ install: [{ tarball: pack(plugin('local', { g: { shared: '.:plugin' } })) }] });
    const found = entryPoints({
      cwd: host,
      group: 'g',
      env: { NODE_PATH: dirs[0], PLUGBOARD_PATH: dirs[1] },
      paths: [dirs[2]!],
    });
    expect(found.toArray().map((ep) => `${ep.package.origin}:${ep.name}`)).toEqual([
      'node_modules:shared',
      'NODE_PATH:node-path',
      'NODE_PATH:shared',
      'PLUGBOARD_PATH:plugboard-path',
      'PLUGBOARD_PATH:shared',
      'paths:paths',
      'paths:shared',
    ]);
    expect(found.diagnostics.map((d) => `${d.code} ${d.name}`)).toEqual(['conflict shared']);
  });
});

describe('a package.json whose name is empty', () => {
  test('is malformed-manifest (hand-made: npm refuses to install it)', () => {
    const host = installHost({ install: [] });
    mkdirSync(join(host, 'node_modules', 'nameless'), { recursive: true });
    writeFileSync(
      join(host, 'node_modules', 'nameless', 'package.json'),
      '{"name":"","version":"1.0.0","entryPoints":{"g":{"n":"."}}}',
    );
    const found = entryPoints({ cwd: host, cache: false });
    expect(found.size).toBe(0);
    expect(found.diagnostics.map((d) => `${d.code} ${d.package}`)).toEqual(['malformed-manifest nameless']);
    expect(found.diagnostics[0]!.message).toContain('non-empty string "name"');
  });
});

describe('one package installed under two names', () => {
  test('is a conflict that says it is the same package, and names both copies', () => {
    const tarball = pack(plugin('twice', { g: { twice: '.:plugin' } }));
    const host = installHost({ install: [{ tarball }, { spec: `twice-alias@file:${tarball}` }] });
    const found = entryPoints({ cwd: host, group: 'g' });
    expect(
      found
        .toArray()
        .map((ep) => `${ep.package.installedAs} ${ep.package.name}`)
        .sort(),
    ).toEqual(['twice twice', 'twice-alias twice']);
    const [conflict, ...rest] = found.diagnostics;
    expect(rest).toEqual([]);
    expect(conflict!.code).toBe('conflict');
    expect(conflict!.message).toContain('same package, twice@1.0.0, installed 2 times');
    expect(conflict!.message).toContain(`twice (${realpathSync(join(host, 'node_modules/twice'))})`);
    expect(conflict!.message).toContain(`twice-alias (${realpathSync(join(host, 'node_modules/twice-alias'))})`);
  });
});

describe('diagnostics: every code, and everything else is still discovered', () => {
  let host: string;
  let found: ReturnType<typeof entryPoints>;
  beforeAll(() => {
    const packages = [
      plugin('good', { g: { good: '.:plugin' } }),
      plugin('not-an-object', 'my-plugins'),
      plugin('group-not-object', { g: ['./x'] }),
      plugin('bad-group', { 'bad group': { x: '.' }, g: { 'after-bad-group': '.:plugin' } }),
      plugin('bad-name', { g: { 'bad=name': '.', 'good-name': '.:plugin' } }),
      plugin('bad-values', {
        g: { v1: '../escape', v2: { value: '.', vaule: 1 }, v3: 42, v4: { meta: {} }, v5: '.:__proto__' },
      }),
      writePackage(src, {
        name: 'proto-keys',
        rawManifest:
          '{"name":"proto-keys","version":"1.0.0","entryPoints":{"__proto__":{"x":"."},"g":{"constructor":".","prototype":"."}}}',
      }),
      plugin('dup-a', { g: { dup: '.:plugin' } }),
      plugin('dup-b', { g: { dup: '.:plugin' } }),
    ];
    host = installHost({ install: packages.map((dir) => ({ tarball: pack(dir) })) });
    // Broken link: what `npm install <folder>` leaves behind when the folder is deleted.
    const gone = plugin('gone', { g: { gone: '.' } });
    npm(['install', '--no-save', gone], host);
    rmSync(gone, { recursive: true });
    // No package manager makes these: a symlink cycle and a package.json that is a directory.
    symlinkSync('loop', join(host, 'node_modules/loop'));
    mkdirSync(join(host, 'node_modules/weird/package.json'), { recursive: true });
    found = entryPoints({ cwd: host });
  });

  test('the good entries are all found', () => {
    expect(found.select({ group: 'g' }).names).toEqual(['after-bad-group', 'dup', 'good', 'good-name']);
    expect(found.groups).toEqual(['g']);
  });

  test('each problem is one coded diagnostic naming the package and the file', () => {
    const byPackage = found.diagnostics.map((d) => `${d.package} ${d.code}`).sort();
    expect(byPackage).toEqual([
      'bad-group invalid-group',
      'bad-name invalid-name',
      'bad-values invalid-value',
      'bad-values invalid-value',
      'bad-values invalid-value',
      'bad-values invalid-value',
      'bad-values invalid-value',
      'dup-b conflict',
      'gone broken-link',
      'group-not-object invalid-entry-points',
      'loop broken-link',
      'not-an-object invalid-entry-points',
      'proto-keys invalid-group',
      'proto-keys invalid-name',
      'proto-keys invalid-name',
      'weird unreadable',
    ]);
    for (const d of found.diagnostics) {
      expect(d.message).toContain(d.package!);
      expect(d.path.startsWith(realpathSync(host)) || d.path.startsWith(host)).toBe(true);
    }
  });

  test('__proto__, constructor and prototype never work as a group or a name', () => {
    expect(found.toArray().filter((ep) => ep.package.name === 'proto-keys')).toEqual([]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(entryPoints({ cwd: host, group: '__proto__' }).size).toBe(0);
  });

  test('select keeps the diagnostics that concern the selection', () => {
    const only = found.select({ package: 'dup-b' });
    expect(codes(only.diagnostics)).toEqual(['conflict']);
    expect(entryPoints({ cwd: host, group: 'other' }).diagnostics.every((d) => d.group === undefined)).toBe(true);
  });

  test('an unreadable lookup directory is a diagnostic', () => {
    const locked = installHost({
      plugboard: true,
      install: [
        { tarball: pack(plugin('@locked/p', { g: { locked: '.:plugin' } })) },
        { tarball: pack(plugin('free', { g: { free: '.:plugin' } })) },
      ],
    });
    const script = join(locked, 'list.js');
    writeFileSync(
      script,
      "import { entryPoints } from 'plugboard';\nconst f = entryPoints({ group: 'g' });\nconsole.log(JSON.stringify({ names: f.names, diagnostics: f.diagnostics }));\n",
    );
    // Root reads everything, so drop to `nobody` to make the permission bite.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chmod', ['-R', 'a+rX', join(locked, '..')]);
    chmodSync(join(locked, 'node_modules/@locked'), 0o000);
    try {
      const out = JSON.parse(
        execFileSync(process.execPath, [script], {
          cwd: locked,
          encoding: 'utf8',
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
        }),
      );
      expect(out.names).toEqual(['free']);
      expect(out.diagnostics).toEqual([
        expect.objectContaining({ code: 'unreadable', path: join(realpathSync(locked), 'node_modules/@locked') }),
      ]);
    } finally {
      chmodSync(join(locked, 'node_modules/@locked'), 0o755);
    }
  });
});

describe('regression: nodejs/node#43192, a node_modules other users can write to', () => {
  test('is still searched, as import would, but reported as unsafe-lookup-dir', () => {
    const project = tempDir('shared');
    const host = installHost({
      dir: join(project, 'app'),
      install: [{ tarball: pack(plugin('mine', { g: { mine: '.:plugin' } })) }],
    });
    npm(['install', '--prefix', project, pack(plugin('planted', { g: { planted: '.:plugin' } }))], src);
    const shared = join(project, 'node_modules');
    chmodSync(shared, 0o777);
    const found = entryPoints({ cwd: host, group: 'g' });
    expect(found.names).toEqual(['mine', 'planted']);
    expect(found.diagnostics).toEqual([
      expect.objectContaining({ code: 'unsafe-lookup-dir', severity: 'warning', path: realpathSync(shared) }),
    ]);
    chmodSync(shared, 0o755);
    expect(entryPoints({ cwd: host, group: 'g' }).diagnostics).toEqual([]);
  });
});

describe('regression: clibuilder#575, discovery that finds nothing and says nothing', () => {
  test('a host with no node_modules anywhere gets a no-lookup-dirs warning', () => {
    const bare = join(tempDir('bare'), 'app');
    mkdirSync(bare);
    const found = entryPoints({ cwd: bare, cache: false });
    expect(found.size).toBe(0);
    expect(found.diagnostics).toEqual([
      expect.objectContaining({
        code: 'no-lookup-dirs',
        severity: 'warning',
        path: join(realpathSync(bare), 'node_modules'),
      }),
    ]);
  });

  test('one existing lookup directory, even empty, is enough to stay quiet', () => {
    const bare = join(tempDir('bare'), 'app');
    mkdirSync(join(bare, 'node_modules'), { recursive: true });
    expect(entryPoints({ cwd: bare, cache: false }).diagnostics).toEqual([]);
  });
});

describe('declaration order (docs/spec.md, Order)', () => {
  test('integer-like names come first in ascending order, as JSON.parse builds objects; the rest in declaration order, cached or not', () => {
    const dir = plugin('ordered', {
      '10': { b: '.:plugin', '10': '.:plugin', '2': '.:plugin', a: '.:plugin' },
      g: { z: '.:plugin' },
    });
    const host = installHost({ install: [{ tarball: pack(dir) }] });
    for (const cache of [false, true, true]) {
      const found = entryPoints({ cwd: host, cache });
      expect(found.toArray().map((ep) => `${ep.group}/${ep.name}`)).toEqual(['10/2', '10/10', '10/b', '10/a', 'g/z']);
    }
  });
});
