import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { doctor, explainPackage } from '../../src/tools/doctor.js';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';
import { cli } from './run.js';

/**
 * The three ways a plugin goes missing that the issue names, installed for real:
 * 1. nested-plugin sits under wrapper/node_modules (npm's nested install strategy), where the host
 *    cannot import it;
 * 2. typo-plugin declares 'my-plugin' where the host reads 'my-plugins';
 * 3. missing-plugin's entry module plugin.js exists in its source but its "files" leave it out of
 *    the tarball.
 */
let host: string;
beforeAll(() => {
  const src = tempDir('src');
  const nested = writePackage(src, {
    name: 'nested-plugin',
    type: 'module',
    entryPoints: { 'my-plugins': { nested: './index.js' } },
    files: { 'index.js': 'export default {};\n' },
  });
  const wrapper = writePackage(src, {
    name: 'wrapper',
    dependencies: { 'nested-plugin': `file:${pack(nested)}` },
    files: { 'index.js': '' },
  });
  const typo = writePackage(src, {
    name: 'typo-plugin',
    type: 'module',
    entryPoints: { 'my-plugin': { typo: './index.js' } },
    files: { 'index.js': 'export default {};\n' },
  });
  const missing = writePackage(src, {
    name: 'missing-plugin',
    type: 'module',
    exports: { '.': './index.js', './plugin': './plugin.js' },
    manifest: { files: ['index.js'] },
    entryPoints: { 'my-plugins': { missing: './plugin:plugin' } },
    files: { 'index.js': 'export {};\n', 'plugin.js': 'export const plugin = {};\n' },
  });
  host = installHost({
    install: [{ tarball: wrapper }, { tarball: typo }, { tarball: missing }],
    npmArgs: ['--install-strategy=nested'],
  });
});
const run = (args: string[]) => cli(['doctor', ...args, '--cwd', host]);

describe('plugboard doctor <package> explains why a plugin was not found', () => {
  test('1. nested where the host cannot see it', async () => {
    const r = await run(['nested-plugin', '--group', 'my-plugins']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'nested-plugin: not visible from <host>/host: installed nested under <host>/host/node_modules/wrapper/node_modules, which only wrapper can import',
    );
    expect(r.stdout).toMatchInlineSnapshot(`
      "nested-plugin was not discovered from <host>/host in group 'my-plugins':
        nested  <host>/host/node_modules/wrapper/node_modules/nested-plugin (1.0.0)

      ✖ nested-plugin: not visible from <host>/host: installed nested under <host>/host/node_modules/wrapper/node_modules, which only wrapper can import [nested]
        → Add nested-plugin to the host's own dependencies (npm install nested-plugin) so it is installed where the host can import it, or put its folder on PLUGBOARD_PATH.

      1 error (1 entry point discovered from <host>/host)
      "
    `);
  });

  test('2. a typo in its group', async () => {
    const r = await run(['typo-plugin', '--group', 'my-plugins']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("typo-plugin: declares group 'my-plugin': did you mean 'my-plugins'?");
    expect(r.stdout).toMatchInlineSnapshot(`
      "typo-plugin was not discovered from <host>/host in group 'my-plugins':
        installed  <host>/host/node_modules/typo-plugin (1.0.0)

      ⚠ typo-plugin: declares group 'my-plugin': did you mean 'my-plugins'? [group-typo]
        → Rename the group to 'my-plugins' in <host>/host/node_modules/typo-plugin/package.json if that is the group the host reads.

      1 warning (1 entry point discovered from <host>/host)
      "
    `);
  });

  test('2. without --group, a near-miss between two groups is still reported', () => {
    const explanation = explainPackage('typo-plugin', { cwd: host });
    expect(explanation.discovered).toBe(true);
    expect(explanation.findings.map((f) => f.code)).toEqual(['discovered', 'group-typo']);
  });

  test('3. its module file is missing from its published files', async () => {
    const r = await run(['missing-plugin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'plugin.js is missing from the installed package: its "files" (["index.js"]) leave it out of the published files',
    );
    expect(r.stdout).toMatchInlineSnapshot(`
      "missing-plugin was discovered from <host>/host, with problems:
        installed  <host>/host/node_modules/missing-plugin (1.0.0)

      ✔ missing-plugin: discovered 1 entry point in 'my-plugins' from <host>/host/node_modules/missing-plugin [discovered]
        → See one with \`plugboard show my-plugins missing\`.
      ✖ missing-plugin@1.0.0: entry 'missing' in group 'my-plugins' points to './plugin', but plugin.js is missing from the installed package: its "files" (["index.js"]) leave it out of the published files [not-published]
        → Add plugin.js to "files" in missing-plugin's package.json and publish again; \`plugboard check\` in its source catches this before publishing.
      ⚠ missing-plugin: declares group 'my-plugins', and typo-plugin declares 'my-plugin': one of them is probably a typo [group-typo]
        → Use the group the host reads; \`plugboard doctor --group <group>\` tells which package is off.

      1 error, 1 warning (2 entry points discovered from <host>/host)
      "
    `);
  });

  test('a package that is not installed', async () => {
    const r = await run(['no-such-plugin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatchInlineSnapshot(`
      "no-such-plugin was not discovered from <host>/host:

      ✖ no-such-plugin: not installed: no lookup directory from <host>/host holds it [not-installed]
        → Install it (npm install no-such-plugin), or put the folder that holds it on PLUGBOARD_PATH.

      1 error (2 entry points discovered from <host>/host)
      "
    `);
  });

  test('a package without entryPoints', async () => {
    const r = await run(['wrapper']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('wrapper: no entryPoints field in <host>/host/node_modules/wrapper/package.json');
  });

  test('--json gives the explanation as data', async () => {
    const r = await run(['nested-plugin', '--json']);
    const report = JSON.parse(r.stdout) as {
      explanation: { discovered: boolean; installed: { visible: boolean }[]; findings: { code: string }[] };
    };
    expect(report.explanation.discovered).toBe(false);
    expect(report.explanation.installed).toEqual([
      { dir: '<host>/host/node_modules/wrapper/node_modules/nested-plugin', visible: false, version: '1.0.0' },
    ]);
    expect(report.explanation.findings.map((f) => f.code)).toEqual(['nested']);
  });
});

describe('plugboard doctor', () => {
  test('without a package, reports every problem with what to do', async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatchInlineSnapshot(`
      "✖ missing-plugin@1.0.0: entry 'missing' in group 'my-plugins' points to './plugin', but plugin.js is missing from the installed package: its "files" (["index.js"]) leave it out of the published files [not-published]
        → Add plugin.js to "files" in missing-plugin's package.json and publish again; \`plugboard check\` in its source catches this before publishing.
      ⚠ typo-plugin: declares group 'my-plugin', and missing-plugin declares 'my-plugins': one of them is probably a typo [group-typo]
        → Use the group the host reads; \`plugboard doctor --group <group>\` tells which package is off.
      ℹ nested-plugin@1.0.0 declares entry points ('my-plugins') but is nested under <host>/host/node_modules/wrapper/node_modules, which only wrapper can import [nested]
        → If the host should load it, add nested-plugin to the host's own dependencies; \`plugboard doctor nested-plugin\` explains more.

      1 error, 1 warning (2 entry points discovered from <host>/host)
      "
    `);
  });

  test('--json', async () => {
    const r = await run(['--json']);
    const report = JSON.parse(r.stdout) as {
      entryPoints: number;
      findings: { code: string; severity: string; hint: string }[];
    };
    expect(report.entryPoints).toBe(2);
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([
      ['not-published', 'error'],
      ['group-typo', 'warning'],
      ['nested', 'info'],
    ]);
    for (const f of report.findings) expect(f.hint.length).toBeGreaterThan(10);
  });

  test('nested plugins are information, or a warning when they declare the group asked about', () => {
    const nested = (group?: string) =>
      doctor({ cwd: host, ...(group ? { group } : {}) })
        .findings.filter((f) => f.code === 'nested')
        .map((f) => [f.package, f.severity]);
    expect(nested()).toEqual([['nested-plugin', 'info']]);
    expect(nested('my-plugins')).toEqual([['nested-plugin', 'warning']]);
    expect(nested('my-plugin')).toEqual([]);
  });

  test('--group names the group the host reads: near misses of it are the typos', () => {
    const typos = (group: string) =>
      doctor({ cwd: host, group })
        .findings.filter((f) => f.code === 'group-typo')
        .map((f) => f.message);
    expect(typos('my-plugins')).toEqual(["typo-plugin: declares group 'my-plugin': did you mean 'my-plugins'?"]);
    expect(typos('my-plugin')).toEqual(["missing-plugin: declares group 'my-plugins': did you mean 'my-plugin'?"]);
    // Problems outside the group are left out.
    expect(doctor({ cwd: host, group: 'my-plugin' }).findings.map((f) => f.code)).toEqual(['group-typo']);
  });

  test('a folder with nothing installed anywhere is a warning, not silence (clibuilder#575)', async () => {
    const r = await cli(['doctor', '--cwd', tempDir('bare'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['no-lookup-dirs']);
  });

  test('a clean host exits 0', async () => {
    const empty = tempDir('empty');
    mkdirSync(join(empty, 'node_modules'));
    const r = await cli(['doctor', '--cwd', empty]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "No problems found (0 entry points discovered from <empty>)
      "
    `);
  });
});

describe('plugboard doctor --group evaluates the group policies', () => {
  let policyHost: string;
  beforeAll(() => {
    const src = tempDir('src');
    const old = writePackage(src, {
      name: 'old-plugin',
      type: 'module',
      peerDependencies: { host: '^2.0.0' },
      entryPoints: { 'my-plugins': { old: './index.js' } },
      files: { 'index.js': 'export default {};\n' },
    });
    const deep = writePackage(src, {
      name: 'deep-plugin',
      type: 'module',
      entryPoints: { 'my-plugins': { deep: './index.js' } },
      files: { 'index.js': 'export default {};\n' },
    });
    const carrier = writePackage(src, { name: 'carrier', dependencies: { 'deep-plugin': `file:${pack(deep)}` } });
    // --legacy-peer-deps: npm must not try to fetch old-plugin's peer `host@^2` from the registry.
    policyHost = installHost({ install: [{ tarball: old }, { tarball: carrier }], npmArgs: ['--legacy-peer-deps'] });
  });

  test('incompatible: peerDependencies exclude the host version', async () => {
    // --trust installed: this is about compatibility alone (deep-plugin, hoisted, is untrusted by default).
    const r = await cli(['doctor', '--group', 'my-plugins', '--cwd', policyHost, '--trust', 'installed']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatchInlineSnapshot(`
      "✖ entry point 'old' in group 'my-plugins' of old-plugin (<host>/host/node_modules/old-plugin/package.json): 'old-plugin@1.0.0' requires 'host@^2.0.0' (peerDependencies), but the host is 'host@1.0.0'; upgrade the plugin, or the host [incompatible]
        → Its peerDependencies range for the host excludes the host's version: upgrade the plugin, or the host.

      1 error (2 entry points discovered from <host>/host)
      "
    `);
  });

  test('untrusted (--trust dependencies), blocked (--block), not-allowed (PLUGBOARD_DISABLE_AUTOLOAD)', async () => {
    const codes = async (args: string[], env: Record<string, string> = {}) => {
      const r = await cli(['doctor', '--group', 'my-plugins', '--json', '--cwd', policyHost, ...args], { env });
      return (JSON.parse(r.stdout) as { findings: { code: string; package?: string }[] }).findings.map(
        (f) => `${f.code} ${f.package}`,
      );
    };
    expect(await codes(['--trust', 'dependencies'])).toEqual(['untrusted deep-plugin', 'incompatible old-plugin']);
    // 'dependencies' is the default, as defineGroup's (issue 16).
    expect(await codes([])).toEqual(['untrusted deep-plugin', 'incompatible old-plugin']);
    expect(await codes(['--block', 'old-plugin', '--trust', 'installed'])).toEqual(['blocked old-plugin']);
    expect(await codes([], { PLUGBOARD_DISABLE_AUTOLOAD: '1' })).toEqual([
      'not-allowed deep-plugin',
      'not-allowed old-plugin',
    ]);
    expect(await codes(['--allow', 'deep-plugin', '--block', 'old-plugin', '--trust', 'installed'])).toEqual([
      'blocked old-plugin',
    ]);
  });

  test('doctor <package> --group includes the policy verdict on that package', async () => {
    const r = await cli(['doctor', 'old-plugin', '--group', 'my-plugins', '--cwd', policyHost]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "'old-plugin@1.0.0' requires 'host@^2.0.0' (peerDependencies), but the host is 'host@1.0.0'; upgrade the plugin, or the host [incompatible]",
    );
  });

  test('a bad policy value is a usage error, and so is a policy without --group', async () => {
    expect((await cli(['doctor', '--group', 'g', '--trust', 'everyone'])).code).toBe(2);
    expect((await cli(['doctor', '--group', 'g', '--conflicts', 'random'])).code).toBe(2);
    const ungrouped = await cli(['doctor', '--trust', 'dependencies', '--allow', 'x']);
    expect(ungrouped.code).toBe(2);
    expect(ungrouped.stderr).toContain('--trust, --allow are policies of a group; give --group <group> too');
  });

  test('entries an allow list leaves out are information, not problems: doctor can pass with one', async () => {
    const r = await cli([
      'doctor',
      '--group',
      'my-plugins',
      '--json',
      '--cwd',
      policyHost,
      '--allow',
      'deep-plugin',
      '--allow',
      'old-plugin',
      '--block',
      'old-plugin',
      '--trust',
      'installed',
    ]);
    const allowed = await cli([
      'doctor',
      '--group',
      'my-plugins',
      '--cwd',
      policyHost,
      '--allow',
      'deep-plugin',
      '--block',
      'old-plugin',
      '--trust',
      'installed',
    ]);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['blocked']);
    const off = await cli(['doctor', '--group', 'my-plugins', '--json', '--cwd', policyHost], {
      env: { PLUGBOARD_DISABLE_AUTOLOAD: '1' },
    });
    const findings = JSON.parse(off.stdout).findings as { code: string; severity: string }[];
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['not-allowed', 'info'],
      ['not-allowed', 'info'],
    ]);
    expect(off.code).toBe(0);
    expect(allowed.code).toBe(1);
  });
});

describe('advice for a linked package whose module does not resolve', () => {
  test('a missing build output says build it; a subpath its exports lack does not', async () => {
    const dir = writePackage(tempDir('src'), {
      name: 'linked-unbuilt',
      type: 'module',
      exports: { './built': './dist/built.js' },
      entryPoints: { g: { unbuilt: './built:plugin', unexported: './other:plugin' } },
    });
    const host = installHost({ install: [{ link: dir }] });
    const r = await cli(['doctor', '--json', '--cwd', host]);
    const hints = Object.fromEntries(
      (JSON.parse(r.stdout) as { findings: { code: string; name?: string; hint: string }[] }).findings
        .filter((f) => f.code === 'module-not-found')
        .map((f) => [f.name, f.hint]),
    );
    expect(hints.unbuilt).toContain('Build linked-unbuilt (its folder is linked');
    expect(hints.unexported).not.toContain('Build');
    expect(hints.unexported).toContain('Fix the value or the "exports" of linked-unbuilt');
  });
});

describe('a conflict, and the policies that settle it', () => {
  test('reported once: as a conflict without a group, else by the policy that settles it', async () => {
    const src = tempDir('src');
    const plugin = (name: string) =>
      writePackage(src, {
        name,
        type: 'module',
        entryPoints: { g: { dup: '.:plugin' } },
        files: { 'index.js': 'export const plugin = 1;\n' },
      });
    const host = installHost({ install: [{ tarball: pack(plugin('dup-a')) }, { tarball: pack(plugin('dup-b')) }] });
    const codes = async (...args: string[]) => {
      const r = await cli(['doctor', '--json', '--cwd', host, ...args]);
      return (
        JSON.parse(r.stdout) as { findings: { code: string; package?: string; severity: string }[] }
      ).findings.map((f) => `${f.code} ${f.package} ${f.severity}`);
    };
    expect(await codes()).toEqual(['conflict dup-b warning']);
    expect(await codes('--group', 'g', '--conflicts', 'all')).toEqual(['conflict dup-b warning']);
    expect(await codes('--group', 'g')).toEqual(['conflict-refused dup-a error', 'conflict-refused dup-b error']);
    expect(await codes('--group', 'g', '--block', 'dup-b')).toEqual(['blocked dup-b error']);
    expect(await codes('--group', 'g', '--conflicts', 'first')).toEqual(['overridden dup-b info']);
  });
});

describe('group typos', () => {
  test('--group g reports typos of g, not a near pair of other groups (found by an audit)', async () => {
    const src = tempDir('src');
    const plugin = (name: string, group: string) =>
      writePackage(src, {
        name,
        type: 'module',
        entryPoints: { [group]: { p: '.:plugin' } },
        files: { 'index.js': 'export const plugin = 1;\n' },
      });
    const host = installHost({
      install: [
        { tarball: pack(plugin('wanted', 'my-plugins')) },
        { tarball: pack(plugin('near-a', 'other.group')) },
        { tarball: pack(plugin('near-b', 'other.grop')) },
      ],
    });
    const findings = async (...args: string[]) => {
      const r = await cli(['doctor', '--json', '--cwd', host, ...args]);
      return (JSON.parse(r.stdout) as { findings: { code: string; package?: string }[] }).findings.map(
        (f) => `${f.code} ${f.package}`,
      );
    };
    // Without a group, the pair is worth a warning; asked about my-plugins, it is not its concern.
    expect(await findings()).toEqual(['group-typo near-b']);
    expect(await findings('--group', 'my-plugins')).toEqual([]);
    expect(await findings('--group', 'other.group')).toEqual(['group-typo near-b']);
  });
});
