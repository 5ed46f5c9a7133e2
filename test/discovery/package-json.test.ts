/**
 * The one package.json reader (src/discovery/package-json.ts), and discovery and `plugboard check`
 * through it: files that are not regular files, too large, too deep, not JSON, and manifests that
 * mention "entryPoints" without declaring any. Regressions found by the fuzzer are named so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_BYTES, MAX_DEPTH, readPackageJson } from '../../src/discovery/index.js';
import { entryPoints } from '../../src/index.js';
import { checkPackage } from '../../src/tools/index.js';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';

const posix = process.platform !== 'win32';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}

/** A package.json text with `meta` nested `depth` levels deep, built as text (stringify would overflow). */
function deepMetaManifest(name: string, depth: number): string {
  return `{"name":"${name}","version":"1.0.0","type":"module","entryPoints":{"g":{"deep":{"value":".:plugin","meta":${'{"d":'.repeat(depth)}1${'}'.repeat(depth)}}}}}`;
}

describe('readPackageJson', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('pj');
  });
  const at = (name: string, text?: string) => {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    if (text !== undefined) writeFileSync(join(folder, 'package.json'), text);
    return folder;
  };

  test('reads an object, dropping a byte order mark', () => {
    const folder = at('bom', '\ufeff{"name":"x"}');
    expect(readPackageJson(folder)).toEqual({
      manifest: { name: 'x' },
      path: join(folder, 'package.json'),
      text: '{"name":"x"}',
    });
  });

  test('missing, not JSON, not an object: coded failures naming the file', () => {
    const missing = at('missing');
    expect(readPackageJson(missing)).toMatchObject({ code: 'missing', path: join(missing, 'package.json') });
    const bad = at('bad', '{ nope');
    expect(readPackageJson(bad)).toMatchObject({
      code: 'malformed-manifest',
      message: expect.stringMatching(/^\/.*bad\/package\.json is not valid JSON/),
    });
    expect(readPackageJson(at('array', '[1]'))).toMatchObject({ code: 'malformed-manifest' });
    expect(readPackageJson(at('null', 'null'))).toMatchObject({ code: 'malformed-manifest' });
  });

  test.skipIf(!posix)('a FIFO is refused at once, not waited on (fuzzer: discovery hung)', () => {
    const folder = at('fifo');
    execFileSync('mkfifo', [join(folder, 'package.json')]);
    expect(readPackageJson(folder)).toMatchObject({
      code: 'unreadable',
      message: `${join(folder, 'package.json')} is not a regular file (a FIFO)`,
    });
  });

  test.skipIf(!posix)('a symlink to /dev/zero is refused (fuzzer: the process aborted with std::bad_alloc)', () => {
    const folder = at('zero');
    symlinkSync('/dev/zero', join(folder, 'package.json'));
    expect(readPackageJson(folder)).toMatchObject({
      code: 'unreadable',
      message: expect.stringContaining('a character device'),
    });
  });

  test('a directory named package.json is unreadable', () => {
    const folder = at('dir');
    mkdirSync(join(folder, 'package.json'));
    expect(readPackageJson(folder)).toMatchObject({ code: 'unreadable' });
  });

  test(`a file over ${MAX_BYTES} bytes is refused without reading it`, () => {
    const folder = at('huge', '{"name":"huge"}');
    truncateSync(join(folder, 'package.json'), MAX_BYTES + 1);
    expect(readPackageJson(folder)).toMatchObject({
      code: 'unreadable',
      message: expect.stringContaining('more than'),
    });
  });

  test('a big file under the cap is read whole', () => {
    const text = JSON.stringify({ name: 'big', readme: 'x'.repeat(200_000) });
    expect(readPackageJson(at('big', text))).toMatchObject({ manifest: { name: 'big' } });
  });

  test(`nesting deeper than ${MAX_DEPTH} levels is malformed; ${MAX_DEPTH} is fine`, () => {
    expect(readPackageJson(at('ok-depth', JSON.stringify({ name: 'a', x: nested(MAX_DEPTH - 1) })))).toHaveProperty(
      'manifest',
    );
    const deep = at('deep', deepMetaManifest('deep', 6000));
    expect(readPackageJson(deep)).toMatchObject({
      code: 'malformed-manifest',
      message: expect.stringContaining(`more than ${MAX_DEPTH} levels deep`),
    });
  });
});

describe('discovery through the reader', () => {
  let src: string;
  let host: string;
  beforeAll(() => {
    src = tempDir('pj-src');
    const good = writePackage(src, {
      name: 'good',
      type: 'module',
      entryPoints: { g: { good: '.:plugin' } },
      files: { 'index.js': 'export const plugin = {};\n' },
    });
    const names = ['fifo-pkg', 'zero-pkg', 'deep-pkg', 'typedoc-pkg', 'keyword-pkg'];
    const others = names.map((name) => writePackage(src, { name }));
    host = installHost({ install: packMany([good, ...others]).map((tarball) => ({ tarball })) });
    const manifest = (name: string) => join(host, 'node_modules', name, 'package.json');
    if (posix) {
      rmSync(manifest('fifo-pkg'));
      execFileSync('mkfifo', [manifest('fifo-pkg')]);
      rmSync(manifest('zero-pkg'));
      symlinkSync('/dev/zero', manifest('zero-pkg'));
    }
    writeFileSync(manifest('deep-pkg'), deepMetaManifest('deep-pkg', 6000));
    writeFileSync(
      manifest('typedoc-pkg'),
      JSON.stringify({ name: 'typedoc-pkg', version: '1.0.0', typedocOptions: { entryPoints: ['src/index.ts'] } }),
    );
    writeFileSync(manifest('keyword-pkg'), JSON.stringify({ name: 'keyword-pkg', keywords: ['entryPoints'] }));
  });

  test('never hangs nor throws; each bad package.json is one diagnostic naming the package and the file', () => {
    for (const cache of [false, true]) {
      const found = entryPoints({ cwd: host, cache });
      expect(found.names).toEqual(['good']);
      const got = found.diagnostics.map((d) => [d.code, d.package, d.path]);
      const expected = [
        ['malformed-manifest', 'deep-pkg', join(host, 'node_modules/deep-pkg/package.json')],
        ...(posix
          ? [
              ['unreadable', 'fifo-pkg', join(host, 'node_modules/fifo-pkg/package.json')],
              ['unreadable', 'zero-pkg', join(host, 'node_modules/zero-pkg/package.json')],
            ]
          : []),
      ];
      expect(got.sort()).toEqual(expected.sort());
    }
  });

  test('a package that mentions "entryPoints" below the top level is not a plugin and not an error (fuzzer: typedocOptions, keywords)', () => {
    const found = entryPoints({ cwd: host, cache: false });
    expect(found.diagnostics.filter((d) => d.package === 'typedoc-pkg' || d.package === 'keyword-pkg')).toEqual([]);
    expect(found.diagnostics.map((d) => d.message).join('\n')).not.toContain('a undefined');
  });
});

describe('plugboard check through the reader', () => {
  test('a meta nested 6,000 levels deep is malformed-manifest, not a RangeError (fuzzer)', async () => {
    const dir = join(tempDir('pj-check'), 'deep');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), deepMetaManifest('deep', 6000));
    const report = await checkPackage(dir, { packlist: false });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual(['malformed-manifest']);
  });

  test.skipIf(!posix)('a FIFO package.json is unreadable, not a hang', async () => {
    const dir = join(tempDir('pj-check'), 'fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'package.json')]);
    const report = await checkPackage(dir, { packlist: false });
    expect(report.problems.map((p) => p.code)).toEqual(['unreadable']);
  });
});
