import { delimiter } from 'node:path';
import { expect, test } from 'vitest';
import { lookupDirs } from '../../src/finders/node-modules.js';

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
