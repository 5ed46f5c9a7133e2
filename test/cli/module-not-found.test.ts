/**
 * `check`, `doctor` and `show` say why a module does not resolve from the error's `reason` and
 * `detail`, never by cutting its message apart. The package lives in a folder whose name holds
 * `): ` and `: cannot resolve module '.': `, which every regex that stripped the subject off
 * `error.message` stopped at, printing the rest of the path as the reason.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { installHost, tempDir, writePackageAt } from '../support/fixtures.js';
import { cli } from './run.js';

const WEIRD = "odd (x): cannot resolve module '.': y";

let dir: string;
let host: string;
beforeAll(() => {
  dir = writePackageAt(join(tempDir('src'), WEIRD, 'reasons'), {
    name: 'reasons',
    type: 'module',
    exports: {
      './dir/': './dist/',
      './bad': 'dist/a.js',
      './out': './outlink.js',
      './gone': './gone.js',
      './folder': './dist',
      './loop': './loop.js',
      './nul': './a\u0000b.js',
    },
    entryPoints: {
      g: {
        notExported: './secret:x',
        folderMapping: './dir/a.js:x',
        invalidTarget: './bad:x',
        outside: './out:x',
        missing: './gone:x',
        notAFile: './folder:x',
        loop: './loop:x',
        nul: './nul:x',
      },
    },
    files: { 'dist/a.js': 'export const x = 1;\n', 'secret.js': 'export const x = 1;\n' },
  });
  writeFileSync(join(dir, '..', 'elsewhere.js'), 'export const x = 1;\n');
  symlinkSync('../elsewhere.js', join(dir, 'outlink.js'));
  symlinkSync('loop.js', join(dir, 'loop.js'));
  // Linked, as a workspace member or a `file:` folder is, so that its symlinks survive.
  host = installHost({ install: [{ link: dir }] });
});

/** Each entry: its value, its reason, and why it does not resolve as the commands print it after their own subject. */
const PKG = `<src>/${WEIRD}/reasons`;
const entries: [name: string, value: string, reason: string, detail: string][] = [
  [
    'notExported',
    './secret:x',
    'not-exported',
    `package.json "exports" does not export './secret' for the conditions import/node/module-sync/default (Missing "./secret" specifier in "reasons" package)`,
  ],
  [
    'folderMapping',
    './dir/a.js:x',
    'folder-mapping',
    `package.json "exports" does not export './dir/a.js': only a folder mapping matches it, which Node no longer supports; use a "./dir/*" pattern`,
  ],
  [
    'invalidTarget',
    './bad:x',
    'invalid-target',
    `package.json "exports" maps './bad' to 'dist/a.js', which Node refuses: a target must start with "./"`,
  ],
  [
    'outside',
    './out:x',
    'outside-package',
    `package.json "exports" maps './out' to './outlink.js', which is a symlink to <src>/${WEIRD}/elsewhere.js, outside the package's real directory ${PKG}; a module must be inside its own package`,
  ],
  ['missing', './gone:x', 'file-missing', `package.json "exports" maps './gone' to './gone.js', which does not exist`],
  ['notAFile', './folder:x', 'not-a-file', `package.json "exports" maps './folder' to './dist', which is not a file`],
  ['loop', './loop:x', 'link-loop', `a symlink on the way to "${PKG}/loop.js" leads into a cycle (ELOOP)`],
  ['nul', './nul:x', 'invalid-path', `"${PKG}/a\\u0000b.js" holds a NUL byte, which no file name can`],
];
const moduleOf = (value: string) => value.slice(0, value.indexOf(':'));

describe('the reason a module does not resolve, as each command prints it', () => {
  test('check: the detail after the entry, for every reason', async () => {
    const r = await cli(['check', '--json', dir]);
    expect(r.code).toBe(1);
    const problems = (JSON.parse(r.stdout) as { problems: { code: string; name: string; message: string }[] }).problems;
    expect(problems.map((p) => [p.name, p.code, p.message])).toEqual(
      entries.map(([name, value, , detail]) => [
        name,
        'module-not-found',
        `reasons@1.0.0: entry '${name}' in group 'g': cannot resolve module '${moduleOf(value)}': ${detail}`,
      ]),
    );
  });

  test('doctor: the detail after the value; only a missing file of a linked package is cured by building', async () => {
    const r = await cli(['doctor', '--json', '--cwd', host]);
    const findings = (
      JSON.parse(r.stdout) as { findings: { code: string; name?: string; message: string; hint: string }[] }
    ).findings.filter((f) => f.code === 'module-not-found');
    expect(findings.map((f) => [f.name, f.message])).toEqual(
      entries.map(([name, value, , detail]) => [
        name,
        `reasons@1.0.0: entry '${name}' in group 'g' has value '${value}', which does not resolve: ${detail}`,
      ]),
    );
    expect(findings.filter((f) => f.hint.startsWith('Build reasons')).map((f) => f.name)).toEqual(['missing']);
  });

  test('show: the detail on the module line, and the reason in --json', async () => {
    for (const [name, , reason, detail] of entries) {
      const r = await cli(['show', 'g', name, '--cwd', host]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`\n  module      does not resolve: ${detail}\n`);
      const json = await cli(['show', 'g', name, '--json', '--cwd', host]);
      expect(JSON.parse(json.stdout)).toMatchObject([
        { name, module: null, moduleError: detail, moduleReason: reason },
      ]);
    }
  });
});
