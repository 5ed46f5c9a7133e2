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
import { installWorkspace } from '../support/fixtures.js';
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
  // The root's package.json declares neither mdgen nor the plugin: trusting it would refuse toc.
  const { names, diagnostics } = defineGroup(GROUP, { cwd: site, from: cli }).discover();
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
