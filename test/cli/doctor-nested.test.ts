/**
 * Issue 15: the host sees cli-nest@1.0.0, which has no entry points, while cli-nest@2.0.0, nested
 * under another package that needs it, declares them. Doctor said only "no entryPoints field"; it
 * now names the nested copy, where it is, and why the host cannot import it.
 */
import { beforeAll, expect, test } from 'vitest';
import { explainPackage } from '../../src/tools/index.js';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';
import { cli } from './run.js';

let host: string;
beforeAll(() => {
  const v1 = writePackage(tempDir('nest-v1'), {
    name: 'cli-nest',
    version: '1.0.0',
    files: { 'index.js': 'module.exports = {};\n' },
  });
  const v2 = writePackage(tempDir('nest-v2'), {
    name: 'cli-nest',
    version: '2.0.0',
    type: 'module',
    entryPoints: { 'nest.plugins': { nest: './index.js' } },
    files: { 'index.js': 'export default {};\n' },
  });
  const user = writePackage(tempDir('nest-user'), {
    name: 'nest-user',
    dependencies: { 'cli-nest': `file:${pack(v2)}` },
    files: { 'index.js': '' },
  });
  // The host's own cli-nest@1.0.0 takes the top of node_modules; npm nests 2.0.0 under nest-user.
  host = installHost({ install: [{ tarball: v1 }, { tarball: user }] });
});

test('doctor <package> names the nested copy that declares entry points, and the version conflict', async () => {
  const explanation = explainPackage('cli-nest', { cwd: host });
  expect(explanation.installed.map((c) => [c.visible, c.version])).toEqual([
    [true, '1.0.0'],
    [false, '2.0.0'],
  ]);
  const nested = explanation.findings.find((f) => f.code === 'nested');
  expect(nested?.path).toMatch(/node_modules\/nest-user\/node_modules\/cli-nest$/);
  const r = await cli(['doctor', 'cli-nest', '--cwd', host]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    "cli-nest: cli-nest@2.0.0 declares entry points ('nest.plugins') but is nested under <host>/host/node_modules/nest-user/node_modules, which only nest-user can import (its dependencies ask for cli-nest@file:",
  );
  expect(r.stdout).toContain(
    'the host imports cli-nest@1.0.0 from <host>/host/node_modules/cli-nest, which declares none: a version conflict',
  );
  expect(r.stdout).toContain('npm install cli-nest@2.0.0');
  expect(r.stdout).toContain('no entryPoints field in <host>/host/node_modules/cli-nest/package.json');
});
