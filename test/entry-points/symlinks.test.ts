/**
 * A module is always inside its own package, judged on real paths (docs/spec.md): symlinks that
 * lead out of a package are refused with `outside-package` (issue 15, item 4). npm's tarball installs
 * drop symlinks, so the packages here are folders npm links into the host, as `file:` folders and
 * workspaces are.
 */
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup, type EntryPoints, entryPoints, ModuleNotFoundError } from '../../src/index.js';
import { checkPackage } from '../../src/tools/index.js';
import { installHost, tempDir, writePackage, writePackageAt } from '../support/fixtures.js';

/** `link` → `target`, relative, as a package's own symlink would be. */
function link(pkg: string, path: string, target: string): void {
  mkdirSync(dirname(join(pkg, path)), { recursive: true });
  symlinkSync(target, join(pkg, path));
}

let src: string;
let outside: string;
let all: EntryPoints;
let host: string;
let pkgs: Record<string, string>;
beforeAll(() => {
  src = tempDir('src');
  // Code that belongs to no package of the host: what a symlink could smuggle in as a plugin.
  outside = writePackageAt(join(src, 'outside'), {
    name: 'outside',
    type: 'module',
    files: {
      'file.js': "export const x = 'outside';\n",
      'dir/mod.js': "export const x = 'outside dir';\n",
      'dir/index.js': "export const x = 'outside index';\n",
      'lib.cjs': "module.exports = 'outside cjs';\n",
    },
  });
  pkgs = {
    plain: writePackage(src, {
      name: 'links-plain',
      type: 'module',
      entryPoints: {
        out: { file: './linked-file:x', subfolder: './sub/mod:x', cjs: './lib.cjs:default' },
        in: { alias: './alias:x', aliasDir: './same/real:x' },
      },
      files: { 'real.js': "export const x = 'inside';\n" },
    }),
    main: writePackage(src, {
      name: 'links-main',
      type: 'module',
      main: 'lib/main.js',
      entryPoints: { out: { main: '.:x' } },
    }),
    index: writePackage(src, { name: 'links-index', type: 'module', entryPoints: { out: { index: '.:x' } } }),
    fallback: writePackage(src, {
      name: 'links-fallback',
      type: 'module',
      main: 'missing.js',
      entryPoints: { fallback: { index: '.:x' } },
    }),
    exports: writePackage(src, {
      name: 'links-exports',
      type: 'module',
      exports: { './pat/*': './dist/*.js', './sub': './linked/index.js', './ok': './ok.js' },
      entryPoints: { out: { pattern: './pat/file:x', exported: './sub:x' }, in: { exportedAlias: './ok:x' } },
      files: { 'inside.js': "export const x = 'inside exported';\n" },
    }),
  };
  link(pkgs.plain!, 'linked-file.js', '../outside/file.js');
  link(pkgs.plain!, 'sub', '../outside/dir');
  link(pkgs.plain!, 'lib.cjs', '../outside/lib.cjs');
  // Links that stay inside the package: allowed.
  link(pkgs.plain!, 'alias.js', './real.js');
  link(pkgs.plain!, 'same', '.');
  link(pkgs.main!, 'lib/main.js', '../../outside/file.js');
  link(pkgs.index!, 'index.js', '../outside/file.js');
  link(pkgs.fallback!, 'index.js', '../outside/file.js');
  link(pkgs.exports!, 'dist', '../outside');
  link(pkgs.exports!, 'linked', '../outside/dir');
  link(pkgs.exports!, 'ok.js', './inside.js');
  host = installHost({ install: Object.values(pkgs).map((dir) => ({ link: dir })) });
  all = entryPoints({ cwd: host });
});

const rejection = (promise: Promise<unknown>): Promise<any> =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );

describe('a symlink that leads out of the package is refused: module-not-found, outside-package', () => {
  test.each([
    ['a symlinked file', 'file', 'links-plain', 'linked-file.js', 'file.js'],
    ['a symlinked subfolder', 'subfolder', 'links-plain', 'sub/mod.js', 'dir/mod.js'],
    ['a CommonJS file symlinked out', 'cjs', 'links-plain', 'lib.cjs', 'lib.cjs'],
    ['a symlinked "main"', 'main', 'links-main', 'lib/main.js', 'file.js'],
    ['a symlinked index', 'index', 'links-index', 'index.js', 'file.js'],
    ['an exports pattern through a symlink', 'pattern', 'links-exports', 'dist/file.js', 'file.js'],
    ['a symlinked subfolder behind an exports entry', 'exported', 'links-exports', 'linked/index.js', 'dir/index.js'],
  ])('%s', async (_, name, pkg, file, real) => {
    const ep = all.select({ group: 'out' }).get(name);
    // The package is reached through npm's link, so its dir is already its real path.
    expect(ep.package).toMatchObject({ name: pkg, linked: true, dir: realpathSync(pkgs[pkg.slice(6)]!) });
    const error = await rejection(ep.load());
    expect(error).toBeInstanceOf(ModuleNotFoundError);
    expect(error).toMatchObject({
      code: 'module-not-found',
      reason: 'outside-package',
      package: pkg,
      entryName: name,
      path: join(ep.package.dir, file),
    });
    expect(error.detail).toContain(
      `which is a symlink to ${join(realpathSync(outside), real)}, outside the package's real directory ${ep.package.dir}`,
    );
    expect(() => ep.resolve()).toThrow(ModuleNotFoundError);
  });

  test('an index.js used because "main" is missing is refused as the index, not blamed on "main"', async () => {
    const error = await rejection(all.select({ group: 'fallback' }).get('index').load());
    expect(error).toMatchObject({ reason: 'outside-package', package: 'links-fallback' });
    expect(error.detail).toMatch(/^'\.' resolves to index\.js, which is a symlink to /);
  });

  test('symlinks that stay inside the package load: a file, the package folder itself, an exports target', async () => {
    const inside = all.select({ group: 'in' });
    expect(await inside.get('alias').load()).toBe('inside');
    expect(await inside.get('aliasDir').load()).toBe('inside');
    expect(await inside.get('exportedAlias').load()).toBe('inside exported');
  });

  test('defineGroup().loadAll() and checkPackage() report the same refusal', async () => {
    const { plugins, errors } = await defineGroup('out', { cwd: host }).loadAll();
    expect(plugins).toEqual([]);
    expect(errors.map((e) => [e.entryName, e.code, (e as ModuleNotFoundError).reason]).sort()).toEqual(
      ['cjs', 'exported', 'file', 'index', 'main', 'pattern', 'subfolder'].map((name) => [
        name,
        'module-not-found',
        'outside-package',
      ]),
    );
    const report = await checkPackage(pkgs.plain!, { packlist: false });
    expect(report.problems.filter((p) => p.code === 'module-not-found').map((p) => [p.name, p.code, p.path])).toEqual([
      ['file', 'module-not-found', join(realpathSync(pkgs.plain!), 'linked-file.js')],
      ['subfolder', 'module-not-found', join(realpathSync(pkgs.plain!), 'sub/mod.js')],
      ['cjs', 'module-not-found', join(realpathSync(pkgs.plain!), 'lib.cjs')],
    ]);
  });
});
