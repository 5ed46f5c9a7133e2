/**
 * Regressions found by a security audit: what a transitive dependency can do to get its plugin
 * loaded by a host that uses `allow` or `trust: 'dependencies'`. Real npm installs of tarballs.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup } from '../../src/index.js';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';

const GROUP = 'app.sec';
let src: string;
let marker: string;
/** A plugin module that leaves a file behind if it is ever imported. */
const tattletale = (name: string) =>
  `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(marker, name))}, 'imported');\nexport default { name: '${name}' };\n`;

beforeAll(() => {
  src = tempDir('trust-src');
  marker = tempDir('marker');
});

describe('allow', () => {
  test("a package that claims an allowed package's name but is installed under another is blocked, and never imported", async () => {
    const good = pack(
      writePackage(src, {
        name: 'good-plugin',
        type: 'module',
        entryPoints: { [GROUP]: { good: '.' } },
        files: { 'index.js': "export default { name: 'good' };\n" },
      }),
    );
    const spoofDir = writePackage(join(src, 'spoof'), {
      name: 'good-plugin',
      version: '9.9.9',
      type: 'module',
      entryPoints: { [GROUP]: { spoofed: '.' } },
      files: { 'index.js': tattletale('spoofed') },
    });
    const spoof = pack(spoofDir);
    const evilDep = pack(writePackage(src, { name: 'evil-dep', dependencies: { 'x-helper': `file:${spoof}` } }));
    const libA = pack(writePackage(src, { name: 'lib-a', dependencies: { 'evil-dep': `file:${evilDep}` } }));
    const host = installHost({ install: [{ tarball: good }, { tarball: libA }] });
    expect(JSON.parse(readFileSync(join(host, 'node_modules/x-helper/package.json'), 'utf8')).name).toBe('good-plugin');

    const { plugins, errors } = await defineGroup(GROUP, { cwd: host, allow: ['good-plugin'] }).loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['good']);
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([['spoofed', 'blocked']]);
    expect(errors[0]!.message).toContain("is installed as 'x-helper'");
    expect(errors[0]!.message).toContain('not allowed by the name it claims');
    expect(readdirNames(marker)).toEqual([]);
  });
});

describe("trust: 'dependencies'", () => {
  let fancyEvil: string;
  beforeAll(() => {
    fancyEvil = pack(
      writePackage(src, {
        name: 'fancy-evil',
        version: '1.2.0',
        type: 'module',
        entryPoints: { [GROUP]: { fancy: '.' } },
        files: { 'index.js': tattletale('fancy') },
      }),
    );
  });

  test('an optional peer dependency of the host is a slot any package can fill: not trusted', async () => {
    const libB = pack(writePackage(src, { name: 'lib-b', dependencies: { 'fancy-plugin': `file:${fancyEvil}` } }));
    const host = installHost({
      manifest: {
        peerDependencies: { 'fancy-plugin': '^1.0.0' },
        peerDependenciesMeta: { 'fancy-plugin': { optional: true } },
      },
      install: [{ tarball: libB }],
    });
    expect(existsSync(join(host, 'node_modules/fancy-plugin/package.json'))).toBe(true);
    const { plugins, errors } = await defineGroup(GROUP, { cwd: host, trust: 'dependencies' }).loadAll();
    expect(plugins).toEqual([]);
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([['fancy', 'untrusted']]);
    expect(errors[0]!.message).toContain('lists it only as an optional peer dependency');
    expect(readdirNames(marker)).toEqual([]);
  });

  test('a dependency slot filled by a package of another name than the spec asks for is not trusted', async () => {
    const libB = pack(
      writePackage(join(src, 'b2'), { name: 'lib-b', dependencies: { 'fancy-plugin': `file:${fancyEvil}` } }),
    );
    const host = installHost({ install: [{ tarball: libB }] });
    // The host asks for the registry's fancy-plugin (as after a `--legacy-peer-deps` install, or a
    // dependency it has not installed yet); the folder holds fancy-evil, put there by lib-b.
    const manifestPath = join(host, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(
      manifestPath,
      JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, 'fancy-plugin': '^1.0.0' } }),
    );
    const { plugins, errors } = await defineGroup(GROUP, { cwd: host, trust: 'dependencies' }).loadAll();
    expect(plugins).toEqual([]);
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([['fancy', 'untrusted']]);
    expect(errors[0]!.message).toContain(
      'asks for fancy-plugin as the package fancy-plugin, but the package installed as fancy-plugin is fancy-evil@1.2.0',
    );
    // An alias the host itself asked for is checked against the name it gives.
    writeFileSync(
      manifestPath,
      JSON.stringify({
        ...manifest,
        dependencies: { ...manifest.dependencies, 'fancy-plugin': 'npm:fancy-evil@^1.0.0' },
      }),
    );
    const aliased = await defineGroup(GROUP, { cwd: host, trust: 'dependencies' }).loadAll();
    expect(aliased.plugins.map((p) => p.name)).toEqual(['fancy']);
    // The same declared alias lets `allow` name the real package.
    const allowed = await defineGroup(GROUP, { cwd: host, allow: ['fancy-evil'] }).loadAll();
    expect(allowed.plugins.map((p) => p.name)).toEqual(['fancy']);
    // And the marker works: imported, it is there.
    expect(readdirNames(marker)).toEqual(['fancy']);
  });
});

describe("trust: 'dependencies', the spec and the place (a second audit)", () => {
  let host: string;
  let manifest: Record<string, unknown>;
  const setDeps = (deps: Record<string, string>) =>
    writeFileSync(join(host, 'package.json'), JSON.stringify({ ...manifest, dependencies: deps }));
  const load = () => defineGroup(GROUP, { cwd: host, trust: 'dependencies' }).loadAll();
  beforeAll(() => {
    const shorty = pack(
      writePackage(join(src, 'shorty'), {
        name: 'shorty',
        version: '1.0.0',
        type: 'module',
        entryPoints: { [GROUP]: { shorty: '.' } },
        files: { 'index.js': 'export default 1;\n' },
      }),
    );
    host = installHost({ install: [{ tarball: shorty }] });
    manifest = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'));
  });

  test('npm:<range> (Yarn, bun) means the same name, not a package called <range>', async () => {
    setDeps({ shorty: 'npm:^1.0.0' });
    expect((await load()).plugins.map((p) => p.name)).toEqual(['shorty']);
  });

  test('a version outside the range the host asks for is not what it asked for', async () => {
    setDeps({ shorty: '^2.0.0' });
    const { plugins, errors } = await load();
    expect(plugins).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['untrusted']);
    expect(errors[0]!.message).toContain('asks for shorty@^2.0.0');
    expect(errors[0]!.message).toContain('but shorty@1.0.0 is installed');
    setDeps({ shorty: '^1.0.0' });
    expect((await load()).plugins.map((p) => p.name)).toEqual(['shorty']);
  });

  test('nothing from a lookup directory every user can write to is trusted', async () => {
    setDeps({ shorty: '^1.0.0' });
    const modules = join(host, 'node_modules');
    chmodSync(modules, 0o777);
    try {
      const { plugins, errors } = await load();
      expect(plugins).toEqual([]);
      expect(errors[0]!.message).toContain('which is writable by every user');
    } finally {
      chmodSync(modules, 0o755);
    }
  });
});

describe('from', () => {
  test('the host is the package `from` belongs to, not the project the user stands in', async () => {
    const good = pack(
      writePackage(join(src, 'from'), {
        name: 'cli-plugin',
        type: 'module',
        entryPoints: { [GROUP]: { mine: '.' } },
        files: { 'index.js': 'export default 1;\n' },
      }),
    );
    const child = pack(
      writePackage(join(src, 'from'), {
        name: 'sneaky-plugin',
        type: 'module',
        entryPoints: { [GROUP]: { sneaky: '.' } },
        files: { 'index.js': tattletale('sneaky') },
      }),
    );
    const helper = pack(
      writePackage(join(src, 'from'), { name: 'cli-helper', dependencies: { 'sneaky-plugin': `file:${child}` } }),
    );
    const cli = installHost({
      name: 'the-cli',
      install: [{ tarball: good }, { tarball: helper }],
      files: { 'cli.js': 'export {};\n' },
    });
    // The user's project asks for what the CLI only has as a transitive dependency.
    const project = tempDir('user-project');
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'user-project', dependencies: { 'sneaky-plugin': '^1.0.0' } }),
    );
    mkdirSync(join(project, 'node_modules'));
    const { plugins, errors } = await defineGroup(GROUP, {
      cwd: project,
      from: pathToFileURL(join(cli, 'cli.js')),
      trust: 'dependencies',
    }).loadAll();
    expect(plugins.map((p) => p.name)).toEqual(['mine']);
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([['sneaky', 'untrusted']]);
    expect(errors[0]!.message).toContain(join(cli, 'package.json'));
  });
});

describe('allow and NODE_PATH', () => {
  test('a package in a NODE_PATH folder that claims an allowed name under another folder name is blocked; in PLUGBOARD_PATH, the folder the user chose, it is allowed', async () => {
    const folder = tempDir('node-path');
    writePackage(folder, {
      name: 'x-helper',
      manifest: { name: 'good-plugin' },
      type: 'module',
      entryPoints: { [GROUP]: { claimed: '.' } },
      files: { 'index.js': 'export default 1;\n' },
    });
    const host = installHost({ install: [] });
    const viaNodePath = await defineGroup(GROUP, {
      cwd: host,
      allow: ['good-plugin'],
      env: { NODE_PATH: folder },
    }).loadAll();
    expect(viaNodePath.errors.map((e) => e.code)).toEqual(['blocked']);
    const viaPlugboardPath = await defineGroup(GROUP, {
      cwd: host,
      allow: ['good-plugin'],
      env: { PLUGBOARD_PATH: folder },
    }).loadAll();
    expect(viaPlugboardPath.plugins.map((p) => p.name)).toEqual(['claimed']);
  });
});

function readdirNames(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
