/**
 * The hostile-plugin host: two good plugins and one package of hostile entries, each a real package
 * installed with the real npm from tarballs, plus a secret file outside every package folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';

export const GROUP = 'app.isolated';

export interface HostileHost {
  readonly host: string;
  /** A file no plugin may read in process mode. */
  readonly secret: string;
  /** A folder the write test aims at (a file there must not appear in process mode). */
  readonly outside: string;
}

const hostile = `import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
export const readSecret = { run: (path) => readFileSync(path, 'utf8') };
export const writeFile = { run: (path) => { writeFileSync(path, 'written'); return 'wrote'; } };
export const spawnShell = { run: () => execFileSync('sh', ['-c', 'echo spawned'], { encoding: 'utf8' }).trim() };
export const exitInCall = { run: () => process.exit(1), ok: () => 'back' };
export const endlessLoop = { run: () => { while (true) {} }, ok: () => 'back' };
export const allocate = {
  run: () => { const hoard = []; while (true) hoard.push(new Array(1e6).fill(hoard.length)); },
  ok: () => 'back',
};
export const pollute = {
  run: () => { Object.prototype.polluted = 'yes'; Array.prototype.includes = () => true; return ({}).polluted; },
};
export const throwLater = {
  run: () => { setTimeout(() => { throw new Error('thrown later'); }, 5); return 'returned'; },
  ok: () => 'back',
};
export const pid = { run: () => process.pid, spin: () => { while (true) {} } };
export const killGroup = { run: () => process.kill(0, 'SIGKILL'), ok: () => 'back' };
`;

export function hostileHost(): HostileHost {
  const src = tempDir('isolate-src');
  const good = (name: string, reply: string) =>
    writePackage(src, {
      name,
      type: 'module',
      entryPoints: { [GROUP]: { [name]: './index.js' } },
      files: {
        'index.js': `export default { name: '${name}', tags: ['good'], answer(x) { return '${reply}:' + x; }, async later(n) { return n * 2; }, polluted() { return ({}).polluted; } };\n`,
      },
    });
  const entries = [
    'readSecret',
    'writeFile',
    'spawnShell',
    'exitInCall',
    'endlessLoop',
    'allocate',
    'pollute',
    'throwLater',
    'pid',
    'killGroup',
  ];
  const hostileDir = writePackage(src, {
    name: 'hostile-plugins',
    type: 'module',
    entryPoints: {
      [GROUP]: {
        ...Object.fromEntries(entries.map((e) => [e, `./hostile.js:${e}`])),
        exitAtImport: './exit-at-import.js',
      },
    },
    files: {
      'hostile.js': hostile,
      'exit-at-import.js': 'process.exit(1);\nexport default { run: () => "never" };\n',
    },
  });
  const asks = writePackage(src, {
    name: 'asking-plugins',
    type: 'module',
    entryPoints: {
      [GROUP]: {
        asksConfig: { value: './asks.js:reader', meta: { permissions: { fsRead: ['$HOME/.config/asking-plugins'] } } },
        asksTmp: { value: './asks.js:writer', meta: { permissions: { fsWrite: ['$TMP'], fsRead: ['$TMP'] } } },
        asksSpawn: { value: './asks.js:spawner', meta: { permissions: { childProcess: true } } },
        asksNonsense: { value: './asks.js:reader', meta: { permissions: { network: true } } },
      },
    },
    files: {
      'asks.js': `import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
export const reader = { run: (path) => readFileSync(path, 'utf8') };
export const writer = { run: (path) => { writeFileSync(path, 'tmp ok'); return readFileSync(path, 'utf8'); } };
export const spawner = { run: () => execFileSync('sh', ['-c', 'echo spawned'], { encoding: 'utf8' }).trim() };
`,
    },
  });
  const tarballs = packMany([good('good-a', 'a'), good('good-b', 'b'), hostileDir, asks]);
  const host = installHost({ name: 'isolating-host', install: tarballs.map((tarball) => ({ tarball })) });
  const outside = tempDir('isolate-outside');
  const secret = join(outside, 'secret.txt');
  writeFileSync(secret, 'the secret');
  return { host, secret, outside };
}
