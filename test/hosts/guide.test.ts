/**
 * docs/cli-hosts.md is run: its host code is mdgen's CLI in a site installed with npm, its doctor
 * output is what `plugboard doctor --host` prints there, its evaluateHost example runs, and its
 * table of layouts lists the cells the matrix tests.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, expect, test } from 'vitest';
import { packageManagers, pmEnv, repoRoot } from '../support/fixtures.js';
import { docBlocks } from '../support/readme.js';
import { installSite, runBin, type Site } from './mdgen.js';

const GUIDE = 'docs/cli-hosts.md';
const hostCode = docBlocks(GUIDE, "The host's code").find((b) => b.lang === 'js')!.code;
const host = docBlocks(GUIDE, 'What the host sees: `--host`');
let site: Site;
let home: string;

beforeAll(() => {
  site = installSite('npm', hostCode);
  home = realpathSync(site.dir);
});

const normalise = (text: string) => text.split(home).join('~/site');

test("the guide's host code loads the site's plugins and says what it refuses", () => {
  const r = runBin(site, 'mdgen');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('emoji toc\n');
  expect(r.stderr).toContain("mdgen: entry point 'future' in group 'mdgen.transformers' of mdgen-plugin-future");
  expect(r.stderr).toContain("mdgen: entry point 'sneaky' in group 'mdgen.transformers' of mdgen-plugin-sneaky");
});

test('`plugboard doctor --host` prints what the guide shows', () => {
  const block = host.find((b) => b.lang === 'console')!.code;
  const [command, ...expected] = block.replace(/\n$/, '').split('\n');
  const args = command!.replace(/^\$ plugboard /, '').split(' ');
  const r = runBin(site, 'plugboard', args, { NO_COLOR: '1' });
  expect(r.status).toBe(1);
  expect(normalise(r.stdout).replace(/\n$/, '')).toBe(expected.join('\n'));
});

test("the guide's evaluateHost example runs in the site", () => {
  const code = host.find((b) => b.lang === 'js')!.code;
  writeFileSync(join(site.dir, 'seen.mjs'), code);
  const r = spawnSync(process.execPath, ['seen.mjs'], { cwd: site.dir, encoding: 'utf8', env: pmEnv() });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe("[ 'emoji', 'toc' ] local\n");
});

test('the table of layouts names every package manager the matrix installs, and the global install', () => {
  const guide = readFileSync(join(repoRoot, GUIDE), 'utf8');
  const rows = guide
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| layout') && !line.startsWith('| ---'))
    .map((line) => line.split('|')[1]!.trim());
  const named = rows
    .join(', ')
    .split(/,\s*/)
    .map((cell) => cell.split(' ')[0]!);
  for (const pm of packageManagers) expect(named).toContain(pm);
  expect(rows).toContain('npm global (`npm i -g`)');
});
