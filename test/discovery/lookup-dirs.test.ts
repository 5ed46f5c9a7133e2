import { delimiter } from 'node:path';
import { expect, test } from 'vitest';
import { lookupDirs } from '../../src/discovery/lookup.js';

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
  // Not even set by hand in PLUGBOARD_PATH: a package manager's internal folder is never a source
  // of plugins (issue 16).
  expect(dirs.map((d) => `${d.origin} ${d.dir}`)).toEqual([
    'node_modules /p/node_modules',
    'node_modules /node_modules',
    'NODE_PATH /np',
  ]);
});

// Issue 16: a host installed by pnpm resolves from node_modules/.pnpm/<name>@<version>/node_modules;
// walking up from there passed .pnpm/node_modules, pnpm's hidden hoist of every package in the store.
test("a host inside pnpm's store walks up past the hidden hoist, keeping its own store entry", () => {
  const dirs = lookupDirs({ cwd: '/site/node_modules/.pnpm/mdgen@1.0.0/node_modules/mdgen', env: {}, paths: [] });
  expect(dirs.map((d) => d.dir)).toEqual([
    '/site/node_modules/.pnpm/mdgen@1.0.0/node_modules/mdgen/node_modules',
    '/site/node_modules/.pnpm/mdgen@1.0.0/node_modules',
    '/site/node_modules',
    '/node_modules',
  ]);
  // bun's isolated linker keeps the same kind of folder.
  expect(lookupDirs({ cwd: '/s/node_modules/.bun/x@1/node_modules/x', env: {}, paths: [] }).map((d) => d.dir)).toEqual([
    '/s/node_modules/.bun/x@1/node_modules/x/node_modules',
    '/s/node_modules/.bun/x@1/node_modules',
    '/s/node_modules',
    '/node_modules',
  ]);
});

test("a project's lookup directories follow the host's own", () => {
  const dirs = lookupDirs({ cwd: '/ws/node_modules/mdgen', project: '/ws/packages/site', env: {}, paths: [] });
  expect(dirs.map((d) => d.dir)).toEqual([
    '/ws/node_modules/mdgen/node_modules',
    '/ws/node_modules',
    '/node_modules',
    '/ws/packages/site/node_modules',
    '/ws/packages/node_modules',
  ]);
});
