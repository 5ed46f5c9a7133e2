/**
 * The Plug'n'Play finder beyond the shared scenario: renamed dependencies, packages read from zip
 * archives, PLUGBOARD_PATH kept and NODE_PATH ignored under PnP, the workspace's self-reference.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { defaultFinders, pnpFinder } from '../../src/index.js';
import { installWorkspace, pmEnv, tempDir, tool, writePackage } from '../support/fixtures.js';
import { GROUP, tarballs } from './scenario.js';

const PROBE = `import { entryPoints } from 'plugboard';
const eps = entryPoints({ group: '${GROUP}' });
const entries = [];
for (const ep of eps) entries.push({ name: ep.name, package: ep.package, loaded: await ep.load() });
console.log(JSON.stringify({ entries, diagnostics: eps.diagnostics }));
`;

interface Probe {
  entries: {
    name: string;
    package: { name: string; installedAs: string; origin: string; linked: boolean; dir: string };
    loaded: unknown;
  }[];
  diagnostics: { code: string; package?: string }[];
}

let root: string;
let host: string;

beforeAll(() => {
  const t = tarballs();
  root = installWorkspace({
    pm: 'yarn4-pnp',
    packages: [
      {
        name: 'pnp-host',
        type: 'module',
        // Its own entries: not its plugins (Yarn lists a workspace among its own dependencies).
        entryPoints: { [GROUP]: { self: './probe.js' } },
        dependencies: {
          renamed: `file:${t.alpha}`,
          '@mx/plugin-beta': `file:${t.beta}`,
          plugboard: `file:${t.plugboard}`,
        },
        files: { 'probe.js': PROBE },
      },
    ],
  });
  host = join(root, 'packages/pnp-host');
});

function probe(env: Record<string, string> = {}): Probe {
  const out = execFileSync(process.execPath, [tool('yarn4'), 'node', 'probe.js'], {
    cwd: host,
    encoding: 'utf8',
    env: pmEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as Probe;
}

test('under PnP, packages are read from zip archives and loaded through PnP, renamed ones by the name the host imports', () => {
  const { entries, diagnostics } = probe();
  expect(diagnostics).toEqual([]);
  expect(
    entries.map((e) => [e.name, e.package.name, e.package.installedAs, e.package.origin, e.package.linked]),
  ).toEqual([
    ['beta', '@mx/plugin-beta', '@mx/plugin-beta', 'pnp', false],
    ['alpha', 'plugin-alpha', 'renamed', 'pnp', false],
  ]);
  for (const e of entries) expect(e.package.dir).toMatch(/\.zip\/node_modules\//);
  // beta requires mx-helper, a dependency of its own that only PnP can resolve from inside its zip.
  expect(entries.map((e) => e.loaded)).toEqual([{ id: 'beta', helper: 'helper-1' }, { id: 'alpha' }]);
});

test('under PnP, PLUGBOARD_PATH is still searched and NODE_PATH is not (PnP resolution ignores it)', () => {
  const extra = tempDir('pnp-extra');
  writePackage(extra, {
    name: 'plugin-extra',
    entryPoints: { [GROUP]: { extra: './index.js' } },
    files: { 'index.js': 'module.exports = { id: "extra" };\n' },
  });
  const nodePath = tempDir('pnp-node-path');
  writePackage(nodePath, {
    name: 'plugin-node-path',
    entryPoints: { [GROUP]: { np: './index.js' } },
    files: { 'index.js': '' },
  });
  const { entries } = probe({ PLUGBOARD_PATH: extra, NODE_PATH: nodePath });
  expect(entries.map((e) => [e.name, e.package.origin])).toEqual([
    ['beta', 'pnp'],
    ['alpha', 'pnp'],
    ['extra', 'PLUGBOARD_PATH'],
  ]);
  expect(entries.at(-1)?.loaded).toMatchObject({ default: { id: 'extra' } });
});

test('outside Plug’n’Play the default finder is the node_modules finder, and the PnP finder finds nothing', () => {
  const dir = tempDir('no-pnp');
  // (the node_modules finder behind the discovery cache, docs/cache.md)
  expect(defaultFinders(dir).map((f) => f.name)).toEqual(['node_modules']);
  expect([...pnpFinder.find({ cwd: dir, paths: [], env: {}, report: () => {} })]).toEqual([]);
});
