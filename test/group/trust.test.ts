/**
 * Regressions found by a security audit: what a transitive dependency can do to get its plugin
 * loaded by a host that uses `allow` or `trust: 'dependencies'`. Real npm installs of tarballs.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineGroup } from '../../src/index.js';
import { installHost, pack, tempDir, writePackage } from '../support/fixtures.js';

const GROUP = 'app.sec';
let src: string;
let marker: string;
/** A plugin module that leaves a file behind if it is ever imported. */
const tattletale = (name: string) => `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(marker, name))}, 'imported');\nexport default { name: '${name}' };\n`;

beforeAll(() => {
  src = tempDir('trust-src');
  marker = tempDir('marker');
});

describe('allow', () => {
  test("a package that claims an allowed package's name but is installed under another is blocked, and never imported", async () => {
    const good = pack(writePackage(src, { name: 'good-plugin', type: 'module', entryPoints: { [GROUP]: { good: '.' } }, files: { 'index.js': "export default { name: 'good' };\n" } }));
    const spoofDir = writePackage(join(src, 'spoof'), { name: 'good-plugin', version: '9.9.9', type: 'module', entryPoints: { [GROUP]: { spoofed: '.' } }, files: { 'index.js': tattletale('spoofed') } });
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
    fancyEvil = pack(writePackage(src, { name: 'fancy-evil', version: '1.2.0', type: 'module', entryPoints: { [GROUP]: { fancy: '.' } }, files: { 'index.js': tattletale('fancy') } }));
  });

  test('an optional peer dependency of the host is a slot any package can fill: not trusted', async () => {
    const libB = pack(writePackage(src, { name: 'lib-b', dependencies: { 'fancy-plugin': `file:${fancyEvil}` } }));
    const host = installHost({
      manifest: { peerDependencies: { 'fancy-plugin': '^1.0.0' }, peerDependenciesMeta: { 'fancy-plugin': { optional: true } } },
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
    const libB = pack(writePackage(join(src, 'b2'), { name: 'lib-b', dependencies: { 'fancy-plugin': `file:${fancyEvil}` } }));
    const host = installHost({ install: [{ tarball: libB }] });
    // The host asks for the registry's fancy-plugin (as after a `--legacy-peer-deps` install, or a
    // dependency it has not installed yet); the folder holds fancy-evil, put there by lib-b.
    const manifestPath = join(host, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, 'fancy-plugin': '^1.0.0' } }));
    const { plugins, errors } = await defineGroup(GROUP, { cwd: host, trust: 'dependencies' }).loadAll();
    expect(plugins).toEqual([]);
    expect(errors.map((e) => [e.entryName, e.code])).toEqual([['fancy', 'untrusted']]);
    expect(errors[0]!.message).toContain('which names the package fancy-plugin, but the package installed as fancy-plugin is fancy-evil@1.2.0');
    // An alias the host itself asked for is checked against the name it gives.
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, 'fancy-plugin': 'npm:fancy-evil@^1.0.0' } }));
    const aliased = await defineGroup(GROUP, { cwd: host, trust: 'dependencies' }).loadAll();
    expect(aliased.plugins.map((p) => p.name)).toEqual(['fancy']);
    // The same declared alias lets `allow` name the real package.
    const allowed = await defineGroup(GROUP, { cwd: host, allow: ['fancy-evil'] }).loadAll();
    expect(allowed.plugins.map((p) => p.name)).toEqual(['fancy']);
    // And the marker works: imported, it is there.
    expect(readdirNames(marker)).toEqual(['fancy']);
  });
});

function readdirNames(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
