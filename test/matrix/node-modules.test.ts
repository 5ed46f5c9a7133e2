/** node_modules-finder regressions found by the matrix. */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { entryPoints } from '../../src/index.js';
import { installHost, tempDir, writePackage } from '../support/fixtures.js';
import { GROUP } from './scenario.js';

// pnpm 12's node-linker=hoisted links a workspace member both into the root node_modules and into
// its dependent's node_modules (seen with pnpm 12.21.0; the pinned pnpm 10 does not). Two real npm
// installs of the same folder, in a project and in a folder above it, make the same layout.
test('a package linked into two lookup directories from the same folder is not reported as shadowed', () => {
  const member = writePackage(tempDir('twice-src'), { name: 'member', entryPoints: { [GROUP]: { member: './index.js' } }, files: { 'index.js': '' } });
  const root = installHost({ name: 'root', install: [{ link: member }] });
  const app = installHost({ name: 'app', dir: join(root, 'packages/app'), install: [{ link: member }] });
  expect(lstatSync(join(root, 'node_modules/member')).isSymbolicLink()).toBe(true);
  expect(lstatSync(join(app, 'node_modules/member')).isSymbolicLink()).toBe(true);
  const eps = entryPoints({ cwd: app, group: GROUP });
  expect(eps.names).toEqual(['member']);
  expect(eps.diagnostics).toEqual([]);
});

test('a farther package of the same name from another folder is still reported as shadowed', () => {
  const src = tempDir('twice-src');
  const near = writePackage(join(src, 'near'), { name: 'member', entryPoints: { [GROUP]: { near: './index.js' } }, files: { 'index.js': '' } });
  const far = writePackage(join(src, 'far'), { name: 'member', entryPoints: { [GROUP]: { far: './index.js' } }, files: { 'index.js': '' } });
  const root = installHost({ name: 'root', install: [{ link: far }] });
  const app = installHost({ name: 'app', dir: join(root, 'packages/app'), install: [{ link: near }] });
  const eps = entryPoints({ cwd: app, group: GROUP });
  expect(eps.names).toEqual(['near']);
  expect(eps.diagnostics.map((d) => d.code)).toEqual(['shadowed']);
});
