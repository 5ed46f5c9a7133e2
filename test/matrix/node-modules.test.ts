/** node_modules-finder regressions found by the matrix. */
import { execFileSync } from 'node:child_process';
import { lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { entryPoints } from '../../src/index.js';
import {
  installHost,
  packMany,
  plugboardTarball,
  pmEnv,
  tempDir,
  tool,
  writePackage,
  writePackageAt,
} from '../support/fixtures.js';
import { GROUP } from './scenario.js';

// pnpm 12's node-linker=hoisted links a workspace member both into the root node_modules and into
// its dependent's node_modules (seen with pnpm 12.21.0; the pinned pnpm 10 does not). Two real npm
// installs of the same folder, in a project and in a folder above it, make the same layout.
test('a package linked into two lookup directories from the same folder is not reported as shadowed', () => {
  const member = writePackage(tempDir('twice-src'), {
    name: 'member',
    entryPoints: { [GROUP]: { member: './index.js' } },
    files: { 'index.js': '' },
  });
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
  const near = writePackage(join(src, 'near'), {
    name: 'member',
    entryPoints: { [GROUP]: { near: './index.js' } },
    files: { 'index.js': '' },
  });
  const far = writePackage(join(src, 'far'), {
    name: 'member',
    entryPoints: { [GROUP]: { far: './index.js' } },
    files: { 'index.js': '' },
  });
  const root = installHost({ name: 'root', install: [{ link: far }] });
  const app = installHost({ name: 'app', dir: join(root, 'packages/app'), install: [{ link: near }] });
  const eps = entryPoints({ cwd: app, group: GROUP });
  expect(eps.names).toEqual(['near']);
  expect(eps.diagnostics.map((d) => d.code)).toEqual(['shadowed']);
});

// pnpm runs node_modules/.bin/plugboard through a shim that sets NODE_PATH to folders of its store,
// `.pnpm/node_modules` (every hidden-hoisted package) among them: the CLI listed a dependency's
// dependency that the host cannot import (found by an audit).
test("under pnpm's bin shim, the CLI lists what the host's own discovery lists", () => {
  const src = tempDir('pnpm-shim-src');
  const delta = writePackage(src, {
    name: 'p-delta',
    type: 'module',
    entryPoints: { [GROUP]: { delta: '.:plugin' } },
    files: { 'index.js': 'export const plugin = {};\n' },
  });
  const [deltaTgz] = packMany([delta]);
  const gamma = writePackage(src, {
    name: 'p-gamma',
    type: 'module',
    dependencies: { 'p-delta': `file:${deltaTgz}` },
    entryPoints: { [GROUP]: { gamma: '.:plugin' } },
    files: { 'index.js': 'export const plugin = {};\n' },
  });
  const [gammaTgz] = packMany([gamma]);
  const host = join(tempDir('pnpm-shim'), 'host');
  writePackageAt(host, {
    name: 'host',
    type: 'module',
    manifest: {
      private: true,
      dependencies: { plugboard: `file:${plugboardTarball()}`, 'p-gamma': `file:${gammaTgz}` },
    },
  });
  writeFileSync(join(host, '.npmrc'), 'auto-install-peers=false\n');
  execFileSync(
    process.execPath,
    [tool('pnpm'), 'install', '--no-frozen-lockfile', '--prefer-offline', '--reporter=silent'],
    { cwd: host, env: pmEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const env = { ...pmEnv(), PLUGBOARD_NO_CACHE: '1' };
  const listed = JSON.parse(
    execFileSync(join(host, 'node_modules/.bin/plugboard'), ['list', GROUP, '--json'], {
      cwd: host,
      env,
      encoding: 'utf8',
    }),
  ) as { name: string }[];
  expect(listed.map((row) => row.name)).toEqual(['gamma']);
  expect(entryPoints({ cwd: host, group: GROUP, env }).names).toEqual(['gamma']);
});
