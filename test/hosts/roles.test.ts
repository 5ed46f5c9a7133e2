/**
 * The project of a `from` host (src/discovery/roles.ts), where a plain install does not show it: a
 * workspace member that installs a CLI npm hoists to the workspace root, and the CLI's developer
 * running it in its own folder.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { defineGroup, entryPoints } from '../../src/index.js';
import { readRoles } from '../../src/discovery/index.js';
import { installWorkspace, tempDir } from '../support/fixtures.js';
import { GROUP, mdgenTarballs } from './mdgen.js';

let root: string;
let site: string;
let cli: string;

beforeAll(() => {
  const t = mdgenTarballs();
  root = realpathSync(
    installWorkspace({
      pm: 'npm',
      packages: [
        {
          name: 'site',
          dependencies: { 'mdgen-plugin-toc': `file:${t.toc}` },
          manifest: { devDependencies: { mdgen: `file:${t.mdgen}` } },
        },
      ],
    }),
  );
  site = join(root, 'packages/site');
  cli = join(root, 'node_modules/mdgen/cli.js');
});

test("a workspace member's hoisted CLI: the project is the member that declares it, not the root", () => {
  const roles = readRoles({ cwd: site, from: cli });
  expect(roles.host?.name).toBe('mdgen');
  expect(roles.project).toMatchObject({
    kind: 'local',
    dir: site,
    manifestPath: join(site, 'package.json'),
    hostField: 'devDependencies',
  });
  const group = defineGroup(GROUP, { cwd: site, from: cli });
  expect(group.project()).toEqual(roles.project);
  expect(group.host()?.manifestPath).toBe(join(root, 'node_modules/mdgen/package.json'));
  // The root's package.json declares neither mdgen nor the plugin: trusting it would refuse toc.
  const { names, diagnostics } = group.discover();
  expect(names).toEqual(['toc']);
  expect(diagnostics).toEqual([]);
});

test('run in its own folder, the host is its own project', () => {
  const own = join(root, 'node_modules/mdgen');
  expect(readRoles({ cwd: own, from: cli }).project).toMatchObject({ kind: 'host', dir: own });
  // From anywhere else that does not declare it: the folder whose node_modules holds it.
  expect(readRoles({ cwd: '/', from: cli }).project).toMatchObject({ kind: 'local', dir: root });
});

test('without from, discovery has no project of its own to add', () => {
  expect(entryPoints({ cwd: site, group: GROUP }).names).toEqual(['toc']);
  expect(readRoles({ cwd: site }).project).toMatchObject({ kind: 'host', dir: site });
});

test('--host naming a package the project cannot import is an error that says where it looked', async () => {
  const { cli } = await import('../cli/run.js');
  const prefix = tempDir('emptyprefix');
  const r = await cli(['doctor', '--host', 'not-mdgen', '--cwd', site], {
    env: { ...process.env, npm_config_prefix: prefix },
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `plugboard doctor: host 'not-mdgen' is not installed where ${site} can import it (looked in`,
  );
  // npm's global folder (of the prefix given), last.
  expect(r.stderr).toContain(', /node_modules, <emptyprefix>/lib/node_modules); install it in the project');
  expect(r.stderr).toContain("; install it in the project, or give the host's folder (--host <dir>)\n");
});
