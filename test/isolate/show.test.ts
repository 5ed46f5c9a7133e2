/** `plugboard show` prints what an entry asks for in `meta.permissions` (docs/isolation.md). */
import { beforeAll, expect, test } from 'vitest';
import { cli } from '../cli/run.js';
import { GROUP, type HostileHost, hostileHost } from './fixture.js';

let fixture: HostileHost;
beforeAll(() => {
  fixture = hostileHost();
});
const show = (name: string) => cli(['show', GROUP, name, '--cwd', fixture.host]);

test('paths and switches it asks for', async () => {
  const tmp = await show('asksTmp');
  expect(tmp.code).toBe(0);
  expect(tmp.stdout).toContain('permissions  fsRead $TMP, fsWrite $TMP\n');
  expect((await show('asksSpawn')).stdout).toContain('permissions  childProcess\n');
});

test('a malformed ask is shown as the refusal it would be', async () => {
  expect((await show('asksNonsense')).stdout).toContain(
    "permissions  refused: meta.permissions asks for 'network', which plugboard does not know",
  );
});

test('an entry that asks for nothing has no permissions line', async () => {
  expect((await show('readSecret')).stdout).not.toContain('permissions');
});
