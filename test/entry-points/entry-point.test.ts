/** EntryPoint and EntryPoints: loading (ESM, CommonJS, attributes), load errors, the collection API. */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  AmbiguousEntryPointError,
  AttributeMissingError,
  type EntryPoints,
  EntryPointNotFoundError,
  entryPoints,
  ImportFailedError,
  ModuleNotFoundError,
  type ModuleNotFoundReason,
  PlugboardError,
} from '../../src/index.js';
import { where } from '../../src/entry-points/index.js';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';

let host: string;
let all: EntryPoints;
beforeAll(() => {
  const src = tempDir('src');
  const packages = [
    writePackage(src, {
      name: 'esm',
      type: 'module',
      exports: {
        '.': './index.js',
        './sub': { import: './sub.mjs', require: './sub.cjs' },
        './gone': './gone.js',
        './folder': './lib',
        './hidden': null,
      },
      entryPoints: {
        load: {
          namespace: '.',
          named: '.:plugin',
          nested: '.:registry.inner.value',
          conditional: './sub:which',
          notExported: './secret:x',
          fileMissing: './gone:x',
          folderTarget: './folder:x',
          nullTarget: './hidden:x',
          attrMissing: '.:nope',
          nestedMissing: '.:registry.nope.value',
          getterThrows: '.:registry.broken',
          inherited: '.:plugin.hasOwnProperty',
          functionMember: '.:factory.call',
          classGetter: '.:service.name',
        },
      },
      files: {
        'index.js':
          "export const plugin = { kind: 'esm' };\n" +
          "export const registry = { inner: { value: 42 }, get broken() { throw new Error('getter boom'); } };\n" +
          'export function factory() {}\n' +
          "class Service { get name() { return 'svc'; } }\nexport const service = new Service();\n",
        'sub.mjs': "export const which = 'import';\n",
        'sub.cjs': "exports.which = 'require';\n",
        'secret.js': 'export const x = 1;\n',
        'lib/index.js': 'export const x = 1;\n',
        'hidden.js': 'export const x = 1;\n',
      },
    }),
    writePackage(src, {
      name: 'cjs',
      main: 'lib/main.js',
      entryPoints: {
        load: {
          cjsDefault: './lib/index.js:default',
          cjsNamed: './lib/index.js:named',
          noExtension: './lib/index:default',
          mainField: '.:default',
          dirIndex: './lib:default',
          missingFile: './lib/nothing.js',
        },
      },
      files: {
        'lib/index.js': "module.exports = { kind: 'cjs' };\nmodule.exports.named = 'n';\n",
        'lib/main.js': "module.exports = 'main';\n",
      },
    }),
    writePackage(src, {
      name: 'strict-exports',
      type: 'module',
      exports: {
        './modsync': { 'module-sync': './modsync.js', default: './default.js' },
        './nodot': 'dist/nodot.js',
        './up': './dist/../internal/up.js',
        './nm': './node_modules/x/index.js',
        './dir/': './dist/',
        './pat/*': './dist/*.js',
      },
      entryPoints: {
        strict: {
          modsync: './modsync:w',
          nodot: './nodot:w',
          up: './up:w',
          nm: './nm:w',
          folder: './dir/default.js:w',
          pattern: './pat/default:w',
        },
      },
      files: {
        'modsync.js': "export const w = 'module-sync';\n",
        'default.js': "export const w = 'default';\n",
        'dist/nodot.js': "export const w = 'nodot';\n",
        'dist/default.js': "export const w = 'dist';\n",
        'internal/up.js': "export const w = 'up';\n",
      },
    }),
    writePackage(src, {
      name: 'outside-main',
      main: '../esm/index.js',
      entryPoints: { data: { outside: '.:plugin' } },
      files: { 'README.md': 'nothing here\n' },
    }),
    writePackage(src, {
      name: 'data-plugin',
      entryPoints: { data: { json: './data.json:default', bare: './data:default.theme' } },
      files: { 'data.json': '{ "theme": "dark" }\n', 'index.js': 'module.exports = {};\n' },
    }),
    writePackage(src, {
      name: 'throws',
      type: 'module',
      entryPoints: { load: { throws: '.:x' }, other: { throws: '.:x' } },
      files: { 'index.js': "throw new Error('boom at import');\n" },
    }),
  ];
  host = installHost({ install: packages.map((dir) => ({ tarball: pack(dir) })) });
  all = entryPoints({ cwd: host });
});

/** The error a promise rejects with; fails the test if it resolves. */
const rejection = (promise: Promise<unknown>): Promise<any> =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
const load = (name: string) => all.select({ group: 'load' }).get(name).load();

describe('load()', () => {
  test('ESM: the namespace, a named export, a dotted path, and the import condition', async () => {
    const ns = (await load('namespace')) as Record<string, unknown>;
    expect(Object.keys(ns).sort()).toEqual(['factory', 'plugin', 'registry', 'service']);
    expect(await load('named')).toEqual({ kind: 'esm' });
    expect(await load('nested')).toBe(42);
    expect(await load('conditional')).toBe('import');
  });

  test('CommonJS: default is module.exports; extension, main and index rules without exports', async () => {
    expect(await load('cjsDefault')).toEqual({ kind: 'cjs', named: 'n' });
    expect(await load('cjsNamed')).toBe('n');
    expect(await load('noExtension')).toEqual({ kind: 'cjs', named: 'n' });
    expect(await load('mainField')).toBe('main');
    expect(await load('dirIndex')).toEqual({ kind: 'cjs', named: 'n' });
  });

  test('caches: the same promise and the same object every time', async () => {
    const ep = all.select({ group: 'load' }).get('named');
    expect(ep.load()).toBe(ep.load());
    expect(await ep.load()).toBe(await load('named'));
  });

  test('module-not-found: a subpath the exports map does not export', async () => {
    const error = await rejection(load('notExported'));
    expect(error).toBeInstanceOf(ModuleNotFoundError);
    expect(error).toMatchObject({
      code: 'module-not-found',
      reason: 'not-exported',
      package: 'esm',
      path: join(realpathSync(host), 'node_modules/esm/package.json'),
    });
    expect(error.detail).toMatch(/^package\.json "exports" does not export '\.\/secret' for the conditions /);
    expect(error.message).toBe(`${where(error.entryPoint)}: cannot resolve module './secret': ${error.detail}`);
    expect(error.message).toContain("'./secret'");
    expect(error.entryPoint.name).toBe('notExported');
  });

  test('exports resolve as Node resolves them: module-sync matched, refused targets and folder mappings refused', async () => {
    const strict = all.select({ group: 'strict' });
    // What the host's own import of the same subpath loads (Node >= 20.19 matches module-sync).
    const modsync = join(realpathSync(host), 'node_modules/strict-exports/modsync.js');
    expect(await strict.get('modsync').load()).toBe((await import(modsync)).w);
    expect(await strict.get('modsync').load()).toBe('module-sync');
    expect(await strict.get('pattern').load()).toBe('dist');
    const refused = async (name: string, reason: ModuleNotFoundReason) => {
      const error = await rejection(strict.get(name).load());
      expect(error).toBeInstanceOf(ModuleNotFoundError);
      expect(error.reason).toBe(reason);
      expect(error.path).toBe(join(realpathSync(host), 'node_modules/strict-exports/package.json'));
      return error.message as string;
    };
    expect(await refused('nodot', 'invalid-target')).toContain('which Node refuses: a target must start with "./"');
    expect(await refused('up', 'invalid-target')).toContain('which Node refuses: a target may not have a ".." segment');
    expect(await refused('nm', 'invalid-target')).toContain(
      'which Node refuses: a target may not have a "node_modules" segment',
    );
    expect(await refused('folder', 'folder-mapping')).toContain(
      "does not export './dir/default.js': only a folder mapping matches it",
    );
  });

  test('a "main" that points into another package is refused, as an exports target outside would be', async () => {
    const error = await rejection(all.select({ group: 'data' }).get('outside').load());
    expect(error).toBeInstanceOf(ModuleNotFoundError);
    expect(error.reason).toBe('outside-package');
    expect(error.message).toContain(`"main" is '../esm/index.js', which points outside the package`);
  });

  test('a .json module loads as data; a subpath without extension finds it too', async () => {
    const data = all.select({ group: 'data' });
    expect(await data.get('json').load()).toEqual({ theme: 'dark' });
    expect(await data.get('bare').load()).toBe('dark');
  });

  test('module-not-found: exported, but the file is missing; and a missing file without exports', async () => {
    await expect(load('fileMissing')).rejects.toMatchObject({
      code: 'module-not-found',
      reason: 'file-missing',
      path: join(realpathSync(host), 'node_modules/esm/gone.js'),
    });
    await expect(load('missingFile')).rejects.toMatchObject({
      code: 'module-not-found',
      reason: 'file-missing',
      package: 'cjs',
      path: join(realpathSync(host), 'node_modules/cjs/lib/nothing.js'),
    });
  });

  test('module-not-found: an exports target that is a folder is not-a-file; a null target is not-exported', async () => {
    await expect(load('folderTarget')).rejects.toMatchObject({
      code: 'module-not-found',
      reason: 'not-a-file',
      path: join(realpathSync(host), 'node_modules/esm/lib'),
      message: expect.stringContaining(`package.json "exports" maps './folder' to './lib', which is not a file`),
    });
    await expect(load('nullTarget')).rejects.toMatchObject({ code: 'module-not-found', reason: 'not-exported' });
  });

  test('import-failed carries the cause and the resolved file', async () => {
    const error = await rejection(all.select({ group: 'load' }).get('throws').load());
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error).toMatchObject({
      code: 'import-failed',
      package: 'throws',
      path: join(realpathSync(host), 'node_modules/throws/index.js'),
    });
    expect(error.cause.message).toBe('boom at import');
    expect(error.message).toContain('boom at import');
  });

  test('attribute-missing names the missing part and what the module has', async () => {
    const error = await rejection(load('attrMissing'));
    expect(error).toBeInstanceOf(AttributeMissingError);
    expect(error).toMatchObject({ code: 'attribute-missing', package: 'esm' });
    expect(error.message).toContain("no export 'nope'");
    expect(error.message).toContain('factory, plugin, registry, service');
    await expect(load('nestedMissing')).rejects.toMatchObject({ code: 'attribute-missing' });
  });

  test('an attribute whose read throws is import-failed, with the reason as its cause', async () => {
    const error = await rejection(load('getterThrows'));
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error).toMatchObject({ code: 'import-failed', package: 'esm', entryName: 'getterThrows' });
    expect(error.message).toContain("reading 'registry.broken' from ");
    expect(error.cause.message).toBe('getter boom');
  });

  test("an <attr> never reaches Object.prototype's or Function.prototype's members; a class's getters it does", async () => {
    await expect(load('inherited')).rejects.toMatchObject({ code: 'attribute-missing' });
    await expect(load('functionMember')).rejects.toMatchObject({ code: 'attribute-missing' });
    await expect(load('classGetter')).resolves.toBe('svc');
  });

  test('every load error is a PlugboardError', async () => {
    for (const name of ['notExported', 'fileMissing', 'throws', 'attrMissing', 'getterThrows', 'inherited']) {
      await expect(load(name)).rejects.toBeInstanceOf(PlugboardError);
    }
  });
});

describe('EntryPoint', () => {
  test('is immutable, with frozen meta and package', () => {
    const ep = all.select({ group: 'load' }).get('named');
    expect(Object.isFrozen(ep)).toBe(true);
    expect(Object.isFrozen(ep.package)).toBe(true);
    expect(() => {
      (ep as { name: string }).name = 'x';
    }).toThrow(TypeError);
  });

  test('toString and toJSON', () => {
    const ep = all.select({ group: 'load' }).get('named');
    expect(ep.toString()).toBe('load:named = .:plugin (esm@1.0.0)');
    expect(ep.toJSON()).toMatchObject({
      group: 'load',
      name: 'named',
      value: '.:plugin',
      package: 'esm',
      version: '1.0.0',
    });
    expect(ep.module).toBe('.');
    expect(ep.attr).toBe('plugin');
  });
});

describe('EntryPoints', () => {
  test('select returns the same collection type; names and groups are sorted and distinct', () => {
    const picked = all.select({ package: 'throws' });
    expect(picked.constructor).toBe(all.constructor);
    expect(picked.size).toBe(2);
    expect(picked.names).toEqual(['throws']);
    expect(picked.groups).toEqual(['load', 'other']);
    expect(Object.isFrozen(all)).toBe(true);
  });

  test('get throws not-found and ambiguous', () => {
    expect(() => all.get('nothing')).toThrow(EntryPointNotFoundError);
    expect(() => all.get('nothing')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => all.get('throws')).toThrow(AmbiguousEntryPointError);
    expect(() => all.get('throws')).toThrow(expect.objectContaining({ code: 'ambiguous' }));
    // The house voice: lower case, candidates apart from the advice, no trailing period.
    expect(() => all.get('throws')).toThrow(
      "entry point name 'throws' is ambiguous: load:throws = .:x (throws@1.0.0), other:throws = .:x (throws@1.0.0); " +
        'narrow it with select({ group }) or select({ package })',
    );
  });

  test('not-found names the group searched, and what it has', () => {
    const group = all.select({ group: 'other' });
    expect(() => group.get('nothing')).toThrow("no entry point named 'nothing' in group 'other' (available: throws)");
    expect(() => all.select({ group: 'none' }).get('x')).toThrow("no entry point named 'x' (the collection is empty)");
  });
});
