/**
 * Issue 14: one rule names the host's package.json for groups, doctor, show and provenance. The
 * rule (src/discovery/host.ts): the nearest package.json at or above the host directory, symlinks
 * followed, and a broken one is still the host. Before, doctor and provenance skipped a broken
 * package.json and named the project above, while the group named the broken one.
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup } from '../../src/index.js';
import { installHost, tempDir, writePackage } from '../support/fixtures.js';
import { cli, normalise } from './run.js';

const GROUP = 'host-rule.plugins';
let outer: string;
let app: string;
let link: string;

beforeAll(() => {
  const src = tempDir('src');
  const plug = writePackage(src, {
    name: 'host-rule-plug',
    type: 'module',
    entryPoints: { [GROUP]: { plug: './index.js' } },
    files: { 'index.js': 'export default { id: 1 };\n' },
  });
  // The project above declares the plugin; the app inside it is the host, found through a symlink.
  outer = installHost({ name: 'outer', install: [{ tarball: plug }] });
  app = join(outer, 'app');
  mkdirSync(app);
  link = join(tempDir('link'), 'to-app');
  symlinkSync(app, link);
});

/** What each part names as the host's package.json, from `cwd`. */
async function named(cwd: string) {
  const doctor = JSON.parse((await cli(['doctor', '--json', '--cwd', cwd])).stdout) as {
    cwd: string;
    host?: { manifestPath?: string; problem?: string };
  };
  const shown = JSON.parse((await cli(['show', GROUP, 'plug', '--json', '--cwd', cwd])).stdout) as {
    provenance: { kind: string; host?: string };
  }[];
  const group = defineGroup(GROUP, { cwd }).host();
  return {
    doctor: doctor.host?.manifestPath,
    doctorCwd: doctor.cwd,
    show: shown[0]?.provenance.host,
    group: group?.manifestPath === undefined ? undefined : normalise(group.manifestPath),
    groupProblem: group?.problem,
    doctorProblem: doctor.host?.problem,
    kind: shown[0]?.provenance.kind,
  };
}

describe("doctor, show and a group name the same host's package.json", () => {
  test('a valid package.json in the host folder, reached through a symlink: its real path', async () => {
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    const n = await named(link);
    const real = normalise(join(realpathSync(app), 'package.json'));
    expect(n).toMatchObject({ doctor: real, show: real, group: real, doctorCwd: normalise(realpathSync(app)) });
    expect(n.kind).toBe('transitive');
  });

  test('a broken package.json is still the host: nobody falls back to the project above', async () => {
    writeFileSync(join(app, 'package.json'), '{ "name": "app", ');
    const n = await named(app);
    const broken = normalise(join(realpathSync(app), 'package.json'));
    expect(n).toMatchObject({ doctor: broken, show: broken, group: broken });
    expect(n.groupProblem).toMatch(/^it is not valid JSON/);
    expect(n.doctorProblem).toBe(n.groupProblem);
    // The project above declares the plugin, but it is not the host.
    expect(n.kind).toBe('transitive');
  });

  test('no package.json in the folder: the nearest one above, for all three', async () => {
    const bare = join(outer, 'bare');
    mkdirSync(bare, { recursive: true });
    const n = await named(bare);
    const above = normalise(join(realpathSync(outer), 'package.json'));
    expect(n).toMatchObject({ doctor: above, show: above, group: above, kind: 'direct' });
  });
});
