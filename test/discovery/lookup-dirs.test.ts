import { delimiter } from 'node:path';
import { expect, test } from 'vitest';
import { lookupDirs } from '../../src/discovery/index.js';

test('walks ancestors like Node, skipping node_modules/node_modules, then NODE_PATH, PLUGBOARD_PATH, paths', () => {
  const dirs = lookupDirs({
    cwd: '/g/lib/node_modules/host',
    env: { NODE_PATH: ['/np', '/g/lib/node_modules'].join(delimiter), PLUGBOARD_PATH: 'rel' },
    paths: ['/extra', '/np'],
  });
  expect(dirs.map((d) => `${d.origin} ${d.dir}`)).toEqual([
    // A host installed globally sees the global node_modules it sits in: plugins installed beside it.
    'node_modules /g/lib/node_modules/host/node_modules',
    'node_modules /g/lib/node_modules',
    'node_modules /g/node_modules',
    'node_modules /node_modules',
    'NODE_PATH /np',
    'PLUGBOARD_PATH /g/lib/node_modules/host/rel',
    'paths /extra',
  ]);
});

test("skips the folders of pnpm's store that its bin shims put on NODE_PATH", () => {
  const shim = [
    '/p/node_modules/.pnpm/plugboard@0.1.0/node_modules/plugboard/dist/cli/node_modules',
    '/p/node_modules/.pnpm/plugboard@0.1.0/node_modules',
    '/p/node_modules/.pnpm/node_modules',
    // A virtual-store-dir other than .pnpm.
    '/p/node_modules/.vs/node_modules',
    '/np',
  ];
  const dirs = lookupDirs({
    cwd: '/p',
    env: { NODE_PATH: shim.join(delimiter), PLUGBOARD_PATH: '/p/node_modules/.pnpm/node_modules' },
    paths: [],
  });
  // Set by hand in PLUGBOARD_PATH it is the user's choice, and searched.
  expect(dirs.map((d) => `${d.origin} ${d.dir}`)).toEqual([
    'node_modules /p/node_modules',
    'node_modules /node_modules',
    'NODE_PATH /np',
    'PLUGBOARD_PATH /p/node_modules/.pnpm/node_modules',
  ]);
});
