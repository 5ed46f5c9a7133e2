/**
 * Global installs and links (issue 7; yeoman/environment#693 broke on a pnpm global install,
 * yeoman/yo#264 on `npm link`). A host CLI passes `from: import.meta.url`: it then sees the plugins
 * installed beside it, wherever the user runs it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { entryPoints } from '../../src/index.js';
import { installHost, npm, pack, pmEnv, tempDir, tool, writePackage } from '../support/fixtures.js';
import { GROUP, tarballs } from './scenario.js';

const CLI = `#!/usr/bin/env node
import { entryPoints } from 'plugboard';
// FROM_CWD=1: what a CLI that forgets \`from\` gets (the project the user stands in).
const eps = entryPoints({ group: '${GROUP}', ...(process.env.FROM_CWD ? {} : { from: import.meta.url }) });
const loaded = {};
for (const ep of eps) loaded[ep.name] = await ep.load();
console.log(JSON.stringify({ names: eps.names, loaded }));
`;

interface Output {
  names: string[];
  loaded: Record<string, unknown>;
}

let cliTgz: string;
let gammaDir: string;
/** A project the user stands in, with a plugin of its own that a global CLI must not see. */
let project: string;

beforeAll(() => {
  const src = tempDir('global-src');
  const cli = writePackage(src, {
    name: 'host-cli',
    type: 'module',
    manifest: { bin: { 'host-cli': 'cli.js' } },
    dependencies: { plugboard: `file:${tarballs().plugboard}` },
    files: { 'cli.js': CLI },
  });
  chmodSync(join(cli, 'cli.js'), 0o755);
  cliTgz = pack(cli);
  gammaDir = writePackage(src, {
    name: 'plugin-gamma',
    type: 'module',
    entryPoints: { [GROUP]: { gamma: './index.js:gamma' } },
    files: { 'index.js': "export const gamma = { id: 'gamma' };\n" },
  });
  const local = writePackage(src, {
    name: 'plugin-local',
    entryPoints: { [GROUP]: { local: './index.js' } },
    files: { 'index.js': 'module.exports = {};\n' },
  });
  project = installHost({ install: [{ tarball: local }] });
});

function runCli(bin: string, env: Record<string, string> = {}): Output {
  const out = execFileSync(bin, [], {
    cwd: project,
    encoding: 'utf8',
    env: { ...pmEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as Output;
}

describe('npm i -g --prefix', () => {
  let prefix: string;
  beforeAll(() => {
    prefix = tempDir('npm-global');
    npm(['install', '--global', '--prefix', prefix, cliTgz, tarballs().alpha], project);
  });

  test('a global CLI discovers and loads the plugins installed globally beside it, not the project’s', () => {
    expect(runCli(join(prefix, 'bin/host-cli'))).toEqual({ names: ['alpha'], loaded: { alpha: { id: 'alpha' } } });
  });

  test('without `from`, the same CLI sees the project the user stands in instead', () => {
    expect(runCli(join(prefix, 'bin/host-cli'), { FROM_CWD: '1' }).names).toEqual(['local']);
  });

  test('`npm link` in a plugin folder makes it visible to the global CLI, loaded from the folder', () => {
    execFileSync('npm', ['link', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: gammaDir,
      env: { ...process.env, npm_config_prefix: prefix },
      stdio: 'ignore',
    });
    expect(lstatSync(join(prefix, 'lib/node_modules/plugin-gamma')).isSymbolicLink()).toBe(true);
    expect(runCli(join(prefix, 'bin/host-cli'))).toEqual({
      names: ['alpha', 'gamma'],
      loaded: { alpha: { id: 'alpha' }, gamma: { id: 'gamma' } },
    });
  });
});

test('`npm link <plugin>` in a host links the global plugin into its node_modules', async () => {
  const prefix = tempDir('npm-link');
  const env = { ...process.env, npm_config_prefix: prefix };
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  execFileSync('npm', ['link', ...quiet], { cwd: gammaDir, env, stdio: 'ignore' });
  const host = installHost();
  execFileSync('npm', ['link', 'plugin-gamma', ...quiet], { cwd: host, env, stdio: 'ignore' });
  const [ep] = entryPoints({ cwd: host, group: GROUP });
  expect(ep?.package).toMatchObject({ name: 'plugin-gamma', dir: gammaDir, linked: true });
  expect(await ep?.load()).toEqual({ id: 'gamma' });
});

test('`pnpm link <folder>` links a plugin folder into a pnpm host', async () => {
  const host = installHost();
  execFileSync(process.execPath, [tool('pnpm'), 'link', gammaDir], { cwd: host, env: pmEnv(), stdio: 'ignore' });
  const [ep] = entryPoints({ cwd: host, group: GROUP });
  expect(ep?.package).toMatchObject({ name: 'plugin-gamma', dir: gammaDir, linked: true });
  expect(await ep?.load()).toEqual({ id: 'gamma' });
});

test('pnpm add -g: a global CLI finds the plugins pnpm installed globally beside it (yeoman/environment#693)', () => {
  const home = tempDir('pnpm-home');
  // pnpm refuses global installs unless PNPM_HOME is set and on PATH; its store goes under it too.
  const env = pmEnv({ PNPM_HOME: home, PATH: `${home}:${process.env.PATH}` });
  execFileSync(process.execPath, [tool('pnpm'), 'add', '--global', cliTgz, tarballs().alpha], {
    cwd: project,
    env,
    stdio: 'ignore',
  });
  expect(runCli(join(home, 'host-cli'))).toEqual({ names: ['alpha'], loaded: { alpha: { id: 'alpha' } } });
});

describe('the `from` option', () => {
  test('takes a file URL, a file path or a folder, and wins over `cwd`', () => {
    const host = installHost({ install: [{ tarball: gammaDir }] });
    const main = join(host, 'main.js');
    for (const from of [new URL(`file://${main}`), `file://${main}`, main, host]) {
      expect(entryPoints({ from, cwd: project, group: GROUP }).names).toEqual(['gamma']);
    }
    expect(entryPoints({ cwd: project, group: GROUP }).names).toEqual(['local']);
  });
});
