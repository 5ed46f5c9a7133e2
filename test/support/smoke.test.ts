import { expect, test } from 'vitest';
import { entryPoints } from '../../src/index.js';
import { installHost, tempDir, writePackage } from './fixtures.js';

test('the factory installs a linked and a packed package with real npm', () => {
  const src = tempDir('src');
  const a = writePackage(src, { name: 'pa', type: 'module', entryPoints: { g: { a: './index.js' } }, files: { 'index.js': 'export default 1;' } });
  const b = writePackage(src, { name: 'pb', entryPoints: { g: { b: '.' } }, files: { 'index.js': 'module.exports = 2;' } });
  const host = installHost({ install: [{ link: a }, { tarball: b }] });
  expect(entryPoints({ cwd: host, group: 'g' }).names).toEqual(['a', 'b']);
});
