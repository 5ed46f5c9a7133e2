/**
 * The file system's own errors on the way to a module are coded, never bare Node errors, from
 * `load()`, `defineGroup().loadAll()` and `checkPackage()` alike (issue 15, item 6), and they name
 * the package and the file.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup, type EntryPoints, entryPoints, ImportFailedError, ModuleNotFoundError } from '../../src/index.js';
import { checkPackage } from '../../src/tools/index.js';
import { installHost, repoRoot, tempDir, writePackage } from '../support/fixtures.js';

const LONG = `./${'a'.repeat(300)}`;

let host: string;
let dir: string;
let nul: string;
let all: EntryPoints;
beforeAll(() => {
  const src = tempDir('src');
  dir = writePackage(src, {
    name: 'fs-errors',
    type: 'module',
    entryPoints: {
      g: { throughFile: './index.js/x:x', tooLong: `${LONG}:x`, loop: './loop.js:x' },
    },
    files: { 'index.js': 'export const x = 1;\n' },
  });
  symlinkSync('loop.js', join(dir, 'loop.js'));
  // No package manager writes a NUL byte into a "main", but a package.json can hold one.
  nul = writePackage(src, {
    name: 'nul-main',
    type: 'module',
    main: 'a\u0000b.js',
    entryPoints: { g: { nul: '.:x' } },
  });
  // Linked, so that the symlink survives (npm's tarballs drop symlinks).
  host = installHost({ install: [{ link: dir }, { link: nul }] });
  dir = realpathSync(dir);
  nul = realpathSync(nul);
  all = entryPoints({ cwd: host, group: 'g' });
});

const rejection = (promise: Promise<unknown>): Promise<any> =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );

describe('module-not-found, with a reason, for what the file system refuses', () => {
  const cases = () =>
    [
      ['throughFile', 'fs-errors', 'file-missing', join(dir, 'index.js/x'), undefined],
      ['tooLong', 'fs-errors', 'invalid-path', join(dir, LONG), 'ENAMETOOLONG'],
      ['loop', 'fs-errors', 'link-loop', join(dir, 'loop.js'), 'ELOOP'],
      ['nul', 'nul-main', 'invalid-path', join(nul, 'a\u0000b.js'), 'ERR_INVALID_ARG_VALUE'],
    ] as const;

  test('load(): a path through a file (ENOTDIR), too long a name, a symlink loop, a NUL byte in "main"', async () => {
    for (const [name, pkg, reason, path, cause] of cases()) {
      const error = await rejection(all.get(name).load());
      expect(error, name).toBeInstanceOf(ModuleNotFoundError);
      expect(error, name).toMatchObject({ code: 'module-not-found', reason, package: pkg, path, entryName: name });
      expect(error.cause?.code, name).toBe(cause);
      expect(error.message, name).toContain(`of ${pkg} (${join(pkg === 'nul-main' ? nul : dir, 'package.json')})`);
    }
  });

  test('defineGroup().loadAll() collects them coded; checkPackage() reports them as problems', async () => {
    const { errors } = await defineGroup('g', { cwd: host }).loadAll();
    expect(errors.map((e) => [e.entryName, e.code, (e as ModuleNotFoundError).reason, e.path])).toEqual(
      cases().map(([name, , reason, path]) => [name, 'module-not-found', reason, path]),
    );
    const report = await checkPackage(dir, { packlist: false });
    expect(report.problems.map((p) => [p.name, p.code, p.path])).toEqual(
      cases()
        .filter(([, pkg]) => pkg === 'fs-errors')
        .map(([name, , , path]) => [name, 'module-not-found', path]),
    );
    const nulReport = await checkPackage(nul, { packlist: false });
    expect(nulReport.problems.map((p) => [p.name, p.code, p.path])).toEqual([
      ['nul', 'module-not-found', join(nul, 'a\u0000b.js')],
    ]);
  });
});

// Root reads through any permission, so the folder that cannot be searched is tried as nobody.
describe.skipIf(process.getuid?.() !== 0)('as nobody (root ignores permissions)', () => {
  let locked: string;
  let lockedHost: string;
  beforeAll(() => {
    const src = tempDir('src');
    locked = writePackage(src, {
      name: 'locked',
      type: 'module',
      entryPoints: { g: { inLockedDir: './secret/x.js:x', unreadable: './private.js:x' } },
      files: { 'secret/x.js': 'export const x = 1;\n', 'private.js': 'export const x = 1;\n' },
    });
    lockedHost = installHost({ install: [{ link: locked }] });
    execFileSync('chmod', ['-R', 'a+rX', src, join(lockedHost, '..')]);
    chmodSync(join(locked, 'secret'), 0o700);
    chmodSync(join(locked, 'private.js'), 0o600);
  });

  test('a folder that cannot be searched is module-not-found (unreadable); a file that cannot be read, import-failed', () => {
    const script = `
      const { entryPoints, defineGroup } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/index.js')).href)});
      const { checkPackage } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/tools/index.js')).href)});
      const out = { load: {}, loadAll: [], check: [] };
      for (const ep of entryPoints({ group: 'g' })) {
        await ep.load().then(() => { out.load[ep.name] = 'loaded'; }, (e) => {
          out.load[ep.name] = { name: e.name, code: e.code, reason: e.reason, package: e.package, path: e.path, cause: e.cause?.code, message: e.message };
        });
      }
      out.loadAll = (await defineGroup('g').loadAll()).errors.map((e) => [e.entryName, e.code, e.reason ?? null]);
      out.check = (await checkPackage(${JSON.stringify(locked)}, { packlist: false })).problems.map((p) => [p.name, p.code, p.path]);
      console.log(JSON.stringify(out));
    `;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: lockedHost,
        encoding: 'utf8',
        uid: 65534,
        gid: 65534,
      }),
    );
    const dir = realpathSync(locked);
    expect(out.load.inLockedDir).toMatchObject({
      name: ModuleNotFoundError.name,
      code: 'module-not-found',
      reason: 'unreadable',
      package: 'locked',
      path: join(dir, 'secret/x.js'),
      cause: 'EACCES',
    });
    expect(out.load.inLockedDir.message).toContain(`cannot look up "${join(dir, 'secret/x.js')}" (EACCES)`);
    expect(out.load.unreadable).toMatchObject({
      name: ImportFailedError.name,
      code: 'import-failed',
      package: 'locked',
      path: join(dir, 'private.js'),
      cause: 'EACCES',
    });
    expect(out.loadAll).toEqual([
      ['inLockedDir', 'module-not-found', 'unreadable'],
      ['unreadable', 'import-failed', null],
    ]);
    expect(out.check).toEqual([['inLockedDir', 'module-not-found', join(dir, 'secret/x.js')]]);
  });
});
