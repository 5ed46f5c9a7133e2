/**
 * Process mode on Node 22, where the permission model is `--permission` (stable since 22.13) and
 * V8's out-of-memory report is followed by a long native stack trace: a host run by the pinned
 * Node 22 of the matrix tools (`npm ci --prefix test/matrix/tools`); skipped where they are not
 * installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import { repoRoot, tempDir, tool } from '../support/fixtures.js';
import { GROUP, type HostileHost, hostileHost } from './fixture.js';

const node22 = tool('node22');
let fixture: HostileHost;
beforeAll(() => {
  if (existsSync(node22)) fixture = hostileHost();
});

test.runIf(existsSync(node22))('the hostile plugins are stopped in process mode under Node 22', () => {
  const script = join(tempDir('isolate-node22'), 'host.mjs');
  const dist = pathToFileURL(join(repoRoot, 'dist', 'index.js')).href;
  writeFileSync(
    script,
    `import { defineGroup } from ${JSON.stringify(dist)};
const group = defineGroup(${JSON.stringify(GROUP)}, {
  cwd: ${JSON.stringify(fixture.host)},
  allow: ['good-a', 'readSecret', 'allocate', 'exitInCall'],
  isolate: { mode: 'process', maxMemoryMb: 64 },
});
const { plugins } = await group.loadAll();
const p = Object.fromEntries(plugins.map((x) => [x.name, x.plugin]));
const code = (promise) => promise.then(() => 'ok', (e) => e.code);
console.log(JSON.stringify({
  version: process.version,
  secret: await code(p.readSecret.run(${JSON.stringify(fixture.secret)})),
  memory: await code(p.allocate.run()),
  exit: await code(p.exitInCall.run()),
  good: await p['good-a'].answer('x'),
}));
await group.dispose();
`,
  );
  const out = execFileSync(node22, [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  expect(JSON.parse(out)).toMatchObject({
    version: expect.stringMatching(/^v22\./),
    secret: 'ERR_ACCESS_DENIED',
    memory: 'out-of-memory',
    exit: 'isolate-crashed',
    good: 'a:x',
  });
});
