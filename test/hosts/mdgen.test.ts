/**
 * Issue 16: a CLI host (`mdgen`, `from: import.meta.url`) installed as a devDependency of a site
 * that installs its plugins, under npm; and installed globally with its plugins beside it. Every
 * other package manager runs the same tests in the matrix (test/matrix/hosts.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { beforeAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { pack, tempDir, writePackage } from '../support/fixtures.js';
import { GROUP, installGlobal, type MdgenReport, mdgenTarballs, siteTests } from './mdgen.js';

siteTests('npm', vitest);

describe('the mdgen scenario installed globally with npm', () => {
  let prefix: string;
  let env: Record<string, string>;
  let elsewhere: string;
  const run = (bin: string, args: readonly string[] = [], extra: Record<string, string> = {}) =>
    execFileSync(join(prefix, 'bin', bin), args, {
      cwd: elsewhere,
      encoding: 'utf8',
      env: { ...process.env, ...env, PLUGBOARD_NO_CACHE: '1', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  beforeAll(() => {
    ({ prefix, env } = installGlobal());
    elsewhere = tempDir('elsewhere');
  });

  test('mdgen loads the plugins installed globally beside it, wherever it runs', () => {
    const own = JSON.parse(run('mdgen')) as MdgenReport;
    expect(own.loaded).toEqual([
      ['emoji', 'emoji'],
      ['toc', 'toc'],
    ]);
    expect(own.refused).toEqual([{ code: 'incompatible', package: 'mdgen-plugin-future' }]);
    // npm keeps each global package's dependencies inside it: the transitive plugin is not beside mdgen.
    expect(own.names).not.toContain('sneaky');
  });

  test('`plugboard doctor --host mdgen` finds the global mdgen, reports what it refuses and says how to add plugins', () => {
    let out: string;
    try {
      out = run('plugboard', ['doctor', '--host', 'mdgen', '--group', GROUP, '--json']);
      throw new Error('doctor passed');
    } catch (error) {
      out = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(out) as {
      project: { kind: string; dir: string };
      findings: { code: string; severity: string; package?: string; hint: string }[];
    };
    expect(report.project).toMatchObject({ kind: 'global', dir: join(prefix, 'lib') });
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.package])).toEqual([
      ['incompatible', 'mdgen-plugin-future'],
    ]);
    const global = report.findings.find((f) => f.code === 'global-host');
    expect(global?.hint).toContain('npm i -g <plugin> --legacy-peer-deps');
  });

  // The trap itself: `npm i -g plugin` without --legacy-peer-deps installs the plugin's peer mdgen
  // again, inside the plugin (from the registry; here from a tarball, so that it works offline).
  test('`plugboard doctor --host mdgen` names a plugin that `npm i -g` gave a copy of mdgen of its own', () => {
    const late = pack(
      writePackage(tempDir('late-src'), {
        name: 'mdgen-plugin-late',
        type: 'module',
        exports: { '.': './index.js' },
        peerDependencies: { mdgen: `file:${mdgenTarballs().mdgen}` },
        entryPoints: { [GROUP]: { late: '.:transformer' } },
        files: { 'index.js': "export const transformer = { id: 'late' };\n" },
      }),
    );
    execFileSync('npm', ['install', '--global', '--no-audit', '--no-fund', '--loglevel=error', late], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const copy = join(prefix, 'lib/node_modules/mdgen-plugin-late/node_modules/mdgen');
    expect(existsSync(join(copy, 'package.json'))).toBe(true);
    let out = '';
    try {
      run('plugboard', ['doctor', '--host', 'mdgen', '--group', GROUP, '--json']);
    } catch (error) {
      out = (error as { stdout: string }).stdout;
    }
    const findings = (
      JSON.parse(out) as { findings: { code: string; package?: string; hint: string; path?: string }[] }
    ).findings;
    const trap = findings.filter((f) => f.code === 'peer-copy');
    expect(trap.map((f) => [f.package, f.path])).toEqual([['mdgen-plugin-late', copy]]);
    expect(trap[0]!.hint).toContain('npm i -g mdgen-plugin-late --legacy-peer-deps');
  });
});
