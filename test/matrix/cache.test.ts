/**
 * The discovery index against every node_modules package manager, not only npm: after each one
 * installs a package into a scope that already exists, and after it removes one, cached discovery
 * equals `PLUGBOARD_NO_CACHE=1` discovery. Scope directories are stamped only where no state file
 * exists (docs/cache.md), so this checks that pnpm, Yarn 1 and Yarn 4 rewrite their state file on
 * such an install, and that bun's (which has none) is caught by its stamped scope directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cacheStatus, entryPoints } from '../../src/index.js';
import {
  type PackageManager,
  packMany,
  pmEnv,
  tempDir,
  tool,
  writePackage,
  writePackageAt,
} from '../support/fixtures.js';

const NO_CACHE = { ...process.env, PLUGBOARD_NO_CACHE: '1' };

function snapshot(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const found = entryPoints({ cwd, env, group: 'mx' });
  return JSON.stringify({
    entries: found.toArray().map((ep) => ({ ...ep.toJSON(), package: ep.package })),
    diagnostics: found.diagnostics,
  });
}

/** Discovers until the index is fresh (it is not written within 100 ms of a change: docs/cache.md). */
function warm(cwd: string): void {
  for (let i = 0; i < 4 && cacheStatus({ cwd }).state !== 'fresh'; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
    snapshot(cwd);
  }
  expect(cacheStatus({ cwd }).state).toBe('fresh');
}

/** Runs `pm`'s plain install in `dir`, from its package.json. */
function install(pm: PackageManager, dir: string): void {
  const run = (file: string, args: readonly string[]) =>
    execFileSync(file, args, { cwd: dir, env: pmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  if (pm === 'pnpm')
    run(process.execPath, [tool('pnpm'), 'install', '--no-frozen-lockfile', '--prefer-offline', '--reporter=silent']);
  else if (pm === 'yarn1')
    run(process.execPath, [
      tool('yarn1'),
      'install',
      '--non-interactive',
      '--prefer-offline',
      '--silent',
      '--no-progress',
    ]);
  else if (pm === 'yarn4') run(process.execPath, [tool('yarn4'), 'install']);
  else if (pm === 'bun') run(tool('bun'), ['install', '--no-progress']);
  else throw new Error(`no install for ${pm}`);
}

let tarballs: Record<string, string>;
beforeAll(() => {
  const src = tempDir('cache-pm-src');
  const plugin = (name: string) =>
    writePackage(src, {
      name,
      version: '1.0.0',
      type: 'module',
      entryPoints: { mx: { [name.split('/')[1]!]: '.:plugin' } },
      files: { 'index.js': 'export const plugin = {};\n' },
    });
  const names = ['@mx/one', '@mx/two'];
  tarballs = Object.fromEntries(packMany(names.map(plugin)).map((tgz, i) => [names[i]!, tgz]));
});

describe.each(['pnpm', 'yarn1', 'yarn4', 'bun'] as const)('%s', (pm) => {
  test('a package installed into, then removed from, an existing scope is seen by the cached discovery', () => {
    const host = join(tempDir(`cache-${pm}`), 'host');
    const manifest = (deps: readonly string[]) =>
      writePackageAt(host, {
        name: 'host',
        manifest: { private: true, dependencies: Object.fromEntries(deps.map((d) => [d, `file:${tarballs[d]}`])) },
      });
    if (pm === 'yarn4') {
      mkdirSync(host, { recursive: true });
      writeFileSync(
        join(host, '.yarnrc.yml'),
        'nodeLinker: node-modules\nenableTelemetry: false\nenableImmutableInstalls: false\nenableGlobalCache: true\n',
      );
    }
    manifest(['@mx/one']);
    install(pm, host);
    warm(host);
    expect(entryPoints({ cwd: host, group: 'mx' }).names).toEqual(['one']);
    // pnpm and Yarn keep a state file in node_modules, so the scope is not stamped; bun keeps none.
    const stamped = (JSON.parse(readFileSync(cacheStatus({ cwd: host }).file!, 'utf8')).stamps as [string][]).map(
      ([path]) => path,
    );
    expect(stamped.includes(join(host, 'node_modules', '@mx'))).toBe(pm === 'bun');

    manifest(['@mx/one', '@mx/two']);
    install(pm, host);
    expect(snapshot(host)).toEqual(snapshot(host, NO_CACHE));
    expect(entryPoints({ cwd: host, group: 'mx' }).names).toEqual(['one', 'two']);
    warm(host);

    manifest(['@mx/one']);
    install(pm, host);
    expect(snapshot(host)).toEqual(snapshot(host, NO_CACHE));
    expect(entryPoints({ cwd: host, group: 'mx' }).names).toEqual(['one']);
  });
});

describe('pnpm: an injected workspace package', () => {
  test('edited in place, is seen through the hard links in its store entry (regression: the store link was not stamped)', () => {
    const root = join(tempDir('cache-pnpm-injected'), 'root');
    writePackageAt(root, {
      name: 'root',
      manifest: {
        private: true,
        dependencies: { wsplug: 'workspace:*' },
        dependenciesMeta: { wsplug: { injected: true } },
      },
    });
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\ndedupeInjectedDeps: false\n');
    const member = join(root, 'packages/wsplug');
    const manifest = (names: readonly string[]) =>
      writePackageAt(member, {
        name: 'wsplug',
        version: '1.0.0',
        type: 'module',
        entryPoints: { mx: Object.fromEntries(names.map((n) => [n, '.:plugin'])) },
        files: { 'index.js': 'export const plugin = {};\n' },
      });
    manifest(['ws']);
    install('pnpm', root);
    // The injected copy: a link into this node_modules' own store, to an entry made from the folder.
    expect(realpathSync(join(root, 'node_modules/wsplug'))).toContain(
      `${join('node_modules', '.pnpm')}${sep}wsplug@file+`,
    );
    warm(root);
    expect(entryPoints({ cwd: root, group: 'mx' }).names).toEqual(['ws']);
    // Written in place (same inode), as editors that save in place do: the store's hard link sees it.
    const file = join(member, 'package.json');
    const text = readFileSync(file, 'utf8').replace('"ws": ".:plugin"', '"ws": ".:plugin", "ws2": ".:plugin"');
    writeFileSync(file, text);
    expect(readFileSync(join(root, 'node_modules/wsplug/package.json'), 'utf8')).toContain('ws2');
    expect(cacheStatus({ cwd: root }).state).toBe('stale');
    expect(snapshot(root)).toEqual(snapshot(root, NO_CACHE));
    expect(entryPoints({ cwd: root, group: 'mx' }).names).toEqual(['ws', 'ws2']);
  });
});
