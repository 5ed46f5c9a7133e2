/**
 * Build diagnostics, against every bundler: discovery's diagnostics and the policies' refusals
 * become build errors or warnings with `plugboard doctor`'s code and message (read from the real
 * `plugboard doctor --json` in the same app), and a plugin whose module is not in its package's
 * `exports` fails the build, naming the package and the file.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';
import { GROUP, indexHtml } from './app.js';
import { type BundlerName, bundlers } from './bundlers.js';

const only = process.env.PLUGBOARD_BUNDLERS?.split(',') as BundlerName[] | undefined;
const names = (Object.keys(bundlers) as BundlerName[]).filter((name) => !only || only.includes(name));

const page = `import plugins from 'virtual:plugboard/${GROUP}';\nwindow.names = plugins.names;\n`;

function app(packages: Parameters<typeof writePackage>[1][], manifest: Record<string, unknown> = {}): string {
  const parent = tempDir('bundler-diag');
  const tarballs = packMany(packages.map((spec) => writePackage(parent, spec)));
  return installHost({
    name: 'diag-app',
    plugboard: true,
    manifest,
    install: tarballs.map((tarball) => ({ tarball })),
    files: { 'main.js': page, 'index.html': indexHtml('/main.js') },
  });
}

const good = {
  name: 'good-widget',
  type: 'module' as const,
  exports: './index.js',
  entryPoints: { [GROUP]: { good: '.' } },
  files: { 'index.js': 'export default { render: () => "good" };\n' },
};

/** `plugboard doctor --json` in `dir`: code → message of each finding. */
function doctor(dir: string, args: string[] = []): Map<string, string> {
  const cli = join(dir, 'node_modules/plugboard/dist/cli/main.js');
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'doctor', '--group', GROUP, '--json', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (error) {
    // doctor exits 1 when it finds a problem; its report is still on stdout.
    out = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as { findings: { code: string; message: string }[] };
  return new Map(report.findings.map((f) => [f.code, f.message]));
}

let broken: string;
let blocked: string;

beforeAll(() => {
  broken = app([
    good,
    {
      name: 'hidden-widget',
      type: 'module',
      exports: { '.': './index.js' },
      entryPoints: { [GROUP]: { hidden: './secret' } },
      files: { 'index.js': 'export {};\n', 'secret.js': 'export default { render: () => "secret" };\n' },
    },
    {
      name: 'misnamed-widget',
      type: 'module',
      exports: './index.js',
      entryPoints: { [GROUP]: { 'bad name!': '.' } },
      files: { 'index.js': 'export default {};\n' },
    },
  ]);
  blocked = app([
    good,
    {
      name: 'blocked-widget',
      type: 'module',
      exports: './index.js',
      entryPoints: { [GROUP]: { blocked: '.' } },
      files: { 'index.js': 'export default {};\n' },
    },
  ]);
}, 240_000);

describe.each(names)('%s', (name) => {
  test("a module outside the package's exports and an invalid entry name fail the build, as doctor says them", async () => {
    const error = await bundlers[name](broken, tempDir(`diag-${name}`)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    const text = error!.message;
    expect(text).toContain(
      `hidden-widget@1.0.0: entry 'hidden' in group '${GROUP}' has value './secret', which does not resolve: package.json "exports" does not export './secret'`,
    );
    expect(text).toContain(`; see ${join(broken, 'node_modules/hidden-widget/package.json')} [module-not-found]`);
    const findings = doctor(broken);
    expect(findings.get('module-not-found')).toContain("hidden-widget@1.0.0: entry 'hidden'");
    expect(text).toContain(`${findings.get('invalid-name')} [invalid-name]`);
  });

  test("a policy's refusal is a warning with doctor's code and message, and the build goes on", async () => {
    const out = tempDir(`diag-${name}`);
    const { warnings } = await bundlers[name](blocked, out, { block: ['blocked-widget'] });
    const message = doctor(blocked, ['--block', 'blocked-widget']).get('blocked');
    expect(message).toContain('blocked-widget');
    expect(warnings.filter((w) => w.includes(`${message} [blocked]`))).toHaveLength(1);
  });

  test('a group the groups option leaves out fails the build, naming the group and the option', async () => {
    const error = await bundlers[name](blocked, tempDir(`diag-${name}`), { groups: ['my-app.other'] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(
      `group '${GROUP}' is imported as 'virtual:plugboard/${GROUP}' but the plugin's groups option leaves it out (groups: 'my-app.other'); add it to groups`,
    );
  });
});

test("a group's own policies in the groups record override the top-level ones", async () => {
  const { warnings } = await bundlers.vite(blocked, tempDir('diag-record'), {
    block: ['good-widget'],
    groups: { [GROUP]: { block: ['blocked-widget'] } },
  });
  const blockedOnes = warnings.filter((w) => w.includes('[blocked]'));
  expect(blockedOnes).toHaveLength(1);
  expect(blockedOnes[0]).toContain('blocked-widget');
});
