/**
 * The CLI around declarations: `plugboard check` in a host checks its `entryPointGroups`, and
 * `plugboard new --host` says why it cannot choose a group.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../cli/run.js';
import { installHost, tempDir, writePackage } from '../support/fixtures.js';
import { writeMdgen } from './mdgen.js';

const env = { NO_COLOR: '1' };

describe('plugboard check in a host', () => {
  test('a host with valid declarations and no entry points of its own passes', async () => {
    const mdgen = writeMdgen(tempDir('hostcheck'));
    const r = await cli(['check', mdgen, '--json'], { env });
    expect(JSON.parse(r.stdout).problems).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('a broken declaration and a meta schema that does not compile are errors naming the host and its package.json', async () => {
    const mdgen = writeMdgen(tempDir('hostcheck'), {
      entryPointGroups: {
        'mdgen.transformers': { meta: { type: 'no-such-type' } },
        'mdgen.renderers': { trust: 'always' },
      },
    });
    const r = await cli(['check', mdgen, '--json'], { env });
    const problems = JSON.parse(r.stdout).problems as { code: string; group: string; message: string }[];
    expect(problems.map((p) => `${p.code} ${p.group}`).sort()).toEqual([
      'invalid-declaration mdgen.renderers',
      'invalid-declaration mdgen.transformers',
    ]);
    expect(problems.find((p) => p.group === 'mdgen.transformers')!.message).toMatch(
      /^mdgen@1\.2\.0 \(<hostcheck>\/mdgen\/package\.json\): group 'mdgen\.transformers' in "entryPointGroups" has a meta schema that does not compile: /,
    );
    expect(r.code).toBe(1);
  });
});

describe('plugboard new --host, when it cannot choose', () => {
  let project: string;
  beforeAll(() => {
    const src = tempDir('newhostsrc');
    const many = writePackage(src, {
      name: 'many',
      version: '0.4.2',
      manifest: { entryPointGroups: { 'many.readers': { description: 'r' }, 'many.writers': {} } },
    });
    const none = writePackage(src, { name: 'none' });
    project = installHost({ name: 'project', install: [{ tarball: many }, { tarball: none }] });
  });

  const scaffold = (args: readonly string[]) =>
    cli(['new', join(tempDir('newhost'), 'p'), '--name', 'x', '--cwd', project, ...args], { env });

  test('a host that is not installed', async () => {
    const r = await scaffold(['--host', 'nowhere']);
    expect(r.stderr).toBe(
      "plugboard new: host 'nowhere' is not installed where <host>/project can import it; install it first (npm install -D nowhere), or run from the project that has it\n",
    );
    expect(r.code).toBe(1);
  });

  test('a host that declares several groups, without --group', async () => {
    const r = await scaffold(['--host', 'many']);
    expect(r.stderr).toContain(
      "host many (<host>/project/node_modules/many/package.json) declares several groups, 'many.readers', 'many.writers'; choose one with --group",
    );
    expect(r.code).toBe(1);
  });

  test('a --group the host does not declare', async () => {
    const r = await scaffold(['--host', 'many', '--group', 'many.reader']);
    expect(r.stderr).toContain("does not declare group 'many.reader'; it declares 'many.readers', 'many.writers'");
    expect(r.code).toBe(1);
  });

  test('a host that declares no groups needs --group; the peer range is the current 0.x minor', async () => {
    expect((await scaffold(['--host', 'none'])).stderr).toContain(
      'declares no groups in "entryPointGroups"; give the group with --group',
    );
    const ok = await cli(
      ['new', 'p', '--host', 'many', '--group', 'many.writers', '--name', 'x', '--cwd', project, '--json'],
      { env },
    );
    expect(ok.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(project, 'p/package.json'), 'utf8'));
    expect(manifest.peerDependencies).toEqual({ many: '^0.4.0' });
    expect(manifest.entryPoints).toEqual({
      'many.writers': { x: { value: './plugin:plugin', meta: { description: 'The x plugin.' } } },
    });
  });
});
