/**
 * Issue 15: doctor advised `npm install x` under pnpm. Its advice now names the commands of the
 * package manager the project uses: the `packageManager` field, else the lockfile or the package
 * manager's own files in node_modules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageManagerOf } from '../../src/tools/package-manager.js';
import { installHost, installWorkspace, tool } from '../support/fixtures.js';
import { cli } from './run.js';

const hintFor = async (cwd: string) => {
  const r = await cli(['doctor', 'not-there-plugin', '--json', '--cwd', cwd]);
  const report = JSON.parse(r.stdout) as { explanation: { findings: { code: string; hint: string }[] } };
  return report.explanation.findings.find((f) => f.code === 'not-installed')?.hint;
};

describe('doctor names the project’s package manager in its advice', () => {
  test('npm: a host installed with npm (package-lock.json)', async () => {
    const host = installHost({ install: [{ spec: join(installHost({ name: 'dep' })) }] });
    expect(packageManagerOf(host)).toBe('npm');
    expect(await hintFor(host)).toContain('npm install not-there-plugin');
  });

  test('the packageManager field (corepack) decides', async () => {
    const host = installHost({ manifest: { packageManager: 'pnpm@9.15.0' } });
    expect(await hintFor(host)).toContain('pnpm add not-there-plugin');
    expect(await hintFor(host)).not.toContain('npm install');
  });

  // The pinned pnpm of test/matrix/tools, when `npm run test:matrix` has installed it.
  test.skipIf(!existsSync(tool('pnpm')))('pnpm: a workspace installed with the real pnpm', async () => {
    const root = installWorkspace({ pm: 'pnpm', packages: [{ name: 'app', manifest: { private: true } }] });
    const app = join(root, 'packages/app');
    expect(packageManagerOf(app)).toBe('pnpm');
    expect(await hintFor(app)).toContain('pnpm add not-there-plugin');
  });
});
