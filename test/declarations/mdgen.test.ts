/**
 * Issue 16, groups that hosts declare, end to end: mdgen declares `mdgen.transformers` in its
 * package.json, and what mdgen refuses at run time is what `plugboard doctor` reports in the site,
 * with no flag; `plugboard groups` shows the declaration; `plugboard new --host mdgen` scaffolds a
 * plugin that passes tsc, npm test and plugboard check and that mdgen loads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { npm, plugboardTarball } from '../support/fixtures.js';
import { cli, normalise } from '../cli/run.js';
import { bin, GROUP, type MdgenSite, mdgenSite } from './mdgen.js';

let m: MdgenSite;
beforeAll(() => {
  m = mdgenSite();
}, 180_000);

const env = { NO_COLOR: '1' };

describe('the mdgen site', () => {
  test('mdgen loads the good plugin and refuses the incompatible one and the bad meta, through its declaration', () => {
    const r = m.run(['# page']);
    expect(r.stdout).toBe('[toc]\n# page\n');
    expect(r.stderr).toContain('loaded: toc\n');
    const refused = r.stderr
      .split('\n')
      .filter((line) => line.startsWith('refused: '))
      .map((line) => line.split(' ').slice(1, 3).join(' '));
    expect(refused.sort()).toEqual(['incompatible mdgen-legacy:', 'invalid-meta mdgen-badmeta:']);
    expect(r.stderr).toContain(
      `its meta does not satisfy the meta schema that mdgen (${m.mdgen}/package.json) declares for group '${GROUP}': meta.order must be number`,
    );
    expect(r.code).toBe(1);
  });

  test('doctor in the site, with no flag, reports exactly what mdgen refuses, with the reasons, and the typo naming mdgen', async () => {
    const r = await cli(['doctor', '--json', '--cwd', m.site], { env });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      findings: { code: string; severity: string; package: string; message: string }[];
    };
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.code} ${f.package}`).sort()).toEqual([
      'group-typo mdgen-typo',
      'incompatible mdgen-legacy',
      'invalid-meta mdgen-badmeta',
    ]);
    // The same refusals as mdgen's own run, word for word.
    const run = normalise(m.run().stderr);
    for (const f of errors.filter((e) => e.code !== 'group-typo')) expect(run).toContain(`: ${f.message}\n`);
    const typo = errors.find((f) => f.code === 'group-typo')!;
    expect(typo.message).toContain(
      `did you mean '${GROUP}', which host mdgen (${normalise(m.mdgen)}/package.json) declares?`,
    );
    // The generic "did you mean" warning would say the same thing twice.
    expect(report.findings.filter((f) => f.code === 'group-typo')).toHaveLength(1);
  });

  test('doctor --group, for a group an installed host declares, evaluates it as that host does', async () => {
    const r = await cli(['doctor', '--group', GROUP, '--json', '--cwd', m.site], { env });
    const report = JSON.parse(r.stdout) as { findings: { code: string; severity: string; package: string }[] };
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.package}`);
    expect(errors.sort()).toEqual(['incompatible mdgen-legacy', 'invalid-meta mdgen-badmeta']);
    const one = await cli(['doctor', 'mdgen-badmeta', '--group', GROUP, '--json', '--cwd', m.site], { env });
    expect(JSON.parse(one.stdout).explanation.findings.map((f: { code: string }) => f.code)).toContain('invalid-meta');
  });

  test('doctor in human form names the reasons', async () => {
    const r = await cli(['doctor', '--cwd', m.site], { env });
    expect(r.stdout).toContain(
      "'mdgen-legacy@1.0.0' requires 'mdgen@^0.9.0' (peerDependencies), but the host is 'mdgen@1.2.0'",
    );
    expect(r.stdout).toMatch(
      /meta\.order must be number; fix "meta" in \S+mdgen-badmeta\/package.json \[invalid-meta\]/,
    );
    expect(r.stdout).toContain("declares group 'mdgen.transfomers', which no host reads");
  });

  test('plugboard groups lists the declared group with its description and host, and the typo as an error', async () => {
    const r = await cli(['groups', '--cwd', m.site], { env });
    expect(r.stdout).toMatchInlineSnapshot(`
      "GROUP               ENTRIES  PACKAGES                                HOST   DESCRIPTION
      mdgen.transfomers   1        mdgen-typo
      mdgen.transformers  3        mdgen-badmeta, mdgen-legacy, mdgen-toc  mdgen  Transform markdown before rendering
      "
    `);
    expect(r.stderr).toContain('✖ mdgen-typo (');
    expect(r.stderr).toContain(`which host mdgen (${normalise(m.mdgen)}/package.json) declares? [group-typo]`);
    expect(r.code).toBe(1);
    const json = await cli(['groups', '--json', '--cwd', m.site], { env });
    expect(JSON.parse(json.stdout)).toContainEqual({
      group: GROUP,
      entries: 3,
      packages: ['mdgen-badmeta', 'mdgen-legacy', 'mdgen-toc'],
      hosts: ['mdgen'],
      description: 'Transform markdown before rendering',
    });
  });
});

describe('plugboard new --host mdgen', () => {
  test('scaffolds a plugin for the declared group, with a peer on mdgen 1 and src/plugin.ts typed against its contract', async () => {
    const made = await cli(['new', 'mdgen-shout', '--host', 'mdgen', '--name', 'shout', '--cwd', m.site, '--json'], {
      env,
    });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const dir = join(m.site, 'mdgen-shout');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.entryPoints).toEqual({
      [GROUP]: { shout: { value: './plugin:plugin', meta: { description: 'The shout plugin.', order: 50 } } },
    });
    expect(manifest.peerDependencies).toEqual({ mdgen: '^1.0.0' });
    expect(manifest.devDependencies.mdgen).toBe('^1.2.0');
    const source = readFileSync(join(dir, 'src/plugin.ts'), 'utf8');
    expect(source).toContain("import type { Transformer } from 'mdgen';");
    expect(source).toContain('export const plugin: Transformer = {');

    // Neither plugboard nor mdgen is on the registry here: install the packed ones in their place.
    npm(['install', '-D', plugboardTarball(), m.mdgenTarball], dir);
    expect(npm(['test'], dir)).toMatch(/# pass 2\n# fail 0/);
    expect(bin(dir, 'plugboard', ['check', '--load'])).toContain(`✔ ${GROUP}:shout  ./plugin:plugin → dist/plugin.js`);

    // plugboard check reads the meta schema of mdgen, installed beside the plugin: a bad meta fails it.
    const manifestPath = join(dir, 'package.json');
    const good = readFileSync(manifestPath, 'utf8');
    writeFileSync(manifestPath, good.replace('"order": 50', '"order": "soon"'));
    const bad = await cli(['check', dir, '--json'], { env });
    expect(JSON.parse(bad.stdout).problems.map((p: { code: string; message: string }) => [p.code, p.message])).toEqual([
      [
        'invalid-meta',
        `entry point 'shout' in group '${GROUP}' of mdgen-shout (${normalise(dir)}/package.json): its meta does not satisfy the meta schema that mdgen (${normalise(dir)}/node_modules/mdgen/package.json) declares for group '${GROUP}': meta.order must be number; fix "meta" in ${normalise(dir)}/package.json`,
      ],
    ]);
    expect(bad.code).toBe(1);
    writeFileSync(manifestPath, good);

    // Installed in the site, mdgen loads it.
    npm(['install', dir, '--install-links'], m.site);
    const r = m.run(['# page']);
    expect(r.stderr).toContain('loaded: toc, shout\n');

    // The contract is really what tsc checks against: a misspelled member fails the build.
    writeFileSync(join(dir, 'src/plugin.ts'), source.replace('transform(markdown', 'transfrom(markdown'));
    const tsc = spawnSync(join(dir, 'node_modules/.bin/tsc'), ['--noEmit'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout).toContain("'transfrom' does not exist in type 'Transformer'");
    expect(tsc.status).not.toBe(0);
  }, 240_000);
});
