/**
 * The mdgen scenario of issue 16, installed for real: `mdgen`, a markdown CLI that reads
 * `mdgen.transformers` with `defineGroup(…, { from: import.meta.url })`, installed as a
 * devDependency of a site that installs the plugins:
 *
 * - `mdgen-plugin-emoji` (peer `mdgen@^1`) and `mdgen-plugin-toc`: the site's plugins, loaded;
 * - `mdgen-plugin-future` (peer `mdgen@^2`): refused as `incompatible`;
 * - `mdgen-plugin-typo`: declares `mdgen.transformer`, a typo doctor points at;
 * - `site-theme`, not a plugin, depends on `mdgen-plugin-sneaky`: a transitive plugin, never loaded
 *   under the default trust, under any package manager (pnpm hides it in `.pnpm/node_modules`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  installProject,
  type PackageManager,
  pack,
  plugboardTarball,
  pmEnv,
  repoRoot,
  tempDir,
  tool,
  writePackage,
  writePackageAt,
} from '../support/fixtures.js';

export const GROUP = 'mdgen.transformers';

/** mdgen's CLI: prints what its own group discovers, loads and refuses. MDGEN_TRUST overrides its trust. */
const CLI = `#!/usr/bin/env node
import { defineGroup } from 'plugboard';
const trust = process.env.MDGEN_TRUST;
const group = defineGroup('${GROUP}', { from: import.meta.url, ...(trust ? { trust } : {}) });
const found = group.discover();
const { plugins, errors } = await group.loadAll();
console.log(JSON.stringify({
  host: group.host(),
  names: found.names,
  loaded: plugins.map((p) => [p.name, p.plugin.id]),
  refused: found.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, package: d.package })),
  messages: found.diagnostics.map((d) => d.message),
  errors: errors.map((e) => [e.code, e.package]),
}));
`;

/** What mdgen prints. */
export interface MdgenReport {
  readonly host: { name: string; version: string; manifestPath?: string };
  readonly names: string[];
  readonly loaded: [string, string][];
  readonly refused: { code: string; package?: string }[];
  readonly messages: string[];
  readonly errors: [string, string][];
}

/** The scenario's tarballs, packed once per process. */
export interface MdgenTarballs {
  readonly mdgen: string;
  readonly emoji: string;
  readonly toc: string;
  readonly future: string;
  readonly typo: string;
  readonly sneaky: string;
  readonly theme: string;
  readonly plugboard: string;
}

const packed = new Map<string, MdgenTarballs>();
/** The tarballs, with `cli` as mdgen's cli.js (docs/cli-hosts.md's own, in the guide's test). */
export function mdgenTarballs(cli: string = CLI): MdgenTarballs {
  const done = packed.get(cli);
  if (done) return done;
  const src = tempDir('mdgen-src');
  const out = tempDir('mdgen-tgz');
  const plugboard = plugboardTarball();
  const plugin = (name: string, group: string, id: string, peer?: string) =>
    pack(
      writePackage(src, {
        name,
        type: 'module',
        exports: { '.': './index.js' },
        entryPoints: { [group]: { [id]: '.:transformer' } },
        ...(peer ? { peerDependencies: { mdgen: peer } } : {}),
        files: { 'index.js': `export const transformer = { id: '${id}' };\n` },
      }),
      out,
    );
  const mdgenDir = writePackage(src, {
    name: 'mdgen',
    version: '1.3.0',
    type: 'module',
    manifest: { bin: { mdgen: 'cli.js' } },
    dependencies: { plugboard: `file:${plugboard}` },
    files: { 'cli.js': cli },
  });
  chmodSync(join(mdgenDir, 'cli.js'), 0o755);
  const sneaky = plugin('mdgen-plugin-sneaky', GROUP, 'sneaky', '^1.0.0');
  const made: MdgenTarballs = {
    mdgen: pack(mdgenDir, out),
    emoji: plugin('mdgen-plugin-emoji', GROUP, 'emoji', '^1.0.0'),
    toc: plugin('mdgen-plugin-toc', GROUP, 'toc'),
    future: plugin('mdgen-plugin-future', GROUP, 'future', '^2.0.0'),
    typo: plugin('mdgen-plugin-typo', 'mdgen.transformer', 'typo'),
    sneaky,
    theme: pack(
      writePackage(src, {
        name: 'site-theme',
        dependencies: { 'mdgen-plugin-sneaky': `file:${sneaky}` },
        files: { 'index.js': '' },
      }),
      out,
    ),
    plugboard,
  };
  packed.set(cli, made);
  return made;
}

/** The site, installed by `pm`. */
export interface Site {
  readonly pm: PackageManager;
  readonly dir: string;
}

/** Writes the site and installs it with `pm`: mdgen and plugboard as devDependencies, the plugins as dependencies. */
export function installSite(pm: PackageManager, cli?: string): Site {
  const t = mdgenTarballs(cli);
  const dir = join(tempDir(`site-${pm}`), 'site');
  writePackageAt(dir, {
    name: 'site',
    type: 'module',
    manifest: {
      private: true,
      dependencies: {
        'mdgen-plugin-emoji': `file:${t.emoji}`,
        'mdgen-plugin-toc': `file:${t.toc}`,
        'mdgen-plugin-future': `file:${t.future}`,
        'mdgen-plugin-typo': `file:${t.typo}`,
        'site-theme': `file:${t.theme}`,
      },
      devDependencies: { mdgen: `file:${t.mdgen}`, plugboard: `file:${t.plugboard}` },
    },
  });
  // mdgen-plugin-future's peer range excludes the installed mdgen: npm 7+ would refuse (ERESOLVE),
  // pnpm and bun would try to install another mdgen for it. Users in that spot get past it so, and
  // the `incompatible` check is for what they end up with.
  writeFileSync(
    join(dir, '.npmrc'),
    'legacy-peer-deps=true\nauto-install-peers=false\nstrict-peer-dependencies=false\n',
  );
  writeFileSync(join(dir, 'bunfig.toml'), '[install]\npeer = false\n');
  installProject(pm, dir);
  return { pm, dir };
}

/** Runs a bin of the site (`mdgen`, `plugboard`) as a user of its package manager would. */
export function runBin(
  site: Site,
  bin: 'mdgen' | 'plugboard',
  args: readonly string[] = [],
  env: Record<string, string> = {},
): { status: number; stdout: string; stderr: string } {
  const [file, argv] =
    site.pm === 'yarn4-pnp'
      ? [process.execPath, [tool('yarn4'), bin, ...args]]
      : [join(site.dir, 'node_modules/.bin', bin), [...args]];
  const result = spawnSync(file, argv, {
    cwd: site.dir,
    encoding: 'utf8',
    env: pmEnv({ PLUGBOARD_NO_CACHE: '1', ...env }),
  });
  if (result.status === null) throw new Error(`${bin} ${args.join(' ')}: ${result.error}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** mdgen's own report, run in the site. */
export function mdgen(site: Site, env: Record<string, string> = {}): MdgenReport {
  const r = runBin(site, 'mdgen', [], env);
  if (r.status !== 0) throw new Error(`mdgen failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as MdgenReport;
}

/** A global npm install in its own prefix: mdgen, plugboard and the plugins, each `npm i -g`. */
export function installGlobal(): { prefix: string; env: Record<string, string> } {
  const t = mdgenTarballs();
  const prefix = tempDir('mdgen-global');
  const env = { npm_config_prefix: prefix };
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];
  const npmG = (args: readonly string[]) =>
    execFileSync('npm', ['install', '--global', ...quiet, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  npmG([t.mdgen, t.plugboard]);
  // A plugin added later, as the docs say (docs/cli-hosts.md): --legacy-peer-deps, or npm fetches
  // the peer mdgen from the registry into the plugin.
  npmG(['--legacy-peer-deps', t.emoji, t.toc, t.future, t.typo, t.theme]);
  return { prefix, env };
}

/** One finding of `plugboard doctor --json`. */
interface Finding {
  readonly code: string;
  readonly severity: string;
  readonly package?: string;
  readonly message: string;
  readonly hint: string;
}

/**
 * Declares the scenario's tests for the site installed by `pm` (a describe block of its own): the
 * same assertions in every layout, as the matrix does.
 */
export function siteTests(pm: PackageManager, api: typeof import('vitest')): void {
  const { beforeAll, describe, expect, test } = api;
  describe(`the mdgen scenario under ${pm}`, () => {
    let site: Site;
    let own: MdgenReport;
    beforeAll(() => {
      site = installSite(pm);
      own = mdgen(site);
    });

    test('mdgen loads exactly the plugins the site installed, and refuses the incompatible one', () => {
      expect(own.host).toMatchObject({ name: 'mdgen', version: '1.3.0' });
      expect(own.loaded).toEqual([
        ['emoji', 'emoji'],
        ['toc', 'toc'],
      ]);
      expect(own.errors).toContainEqual(['incompatible', 'mdgen-plugin-future']);
    });

    test('the transitive plugin is never loaded under the default trust', () => {
      expect(own.names).not.toContain('sneaky');
      expect(own.loaded.map(([name]) => name)).not.toContain('sneaky');
      // Seen only where the layout hoists it next to the site's own plugins, and refused there.
      for (const refusal of own.refused.filter((r) => r.package === 'mdgen-plugin-sneaky'))
        expect(refusal.code).toBe('untrusted');
      // The advice names the project's package.json, never one inside node_modules.
      for (const message of own.messages.filter((m) => m.includes('untrusted') || m.includes('to trust it')))
        expect(message).toContain(`add it to the project's dependencies or devDependencies (${site.dir}`);
    });

    test("trust: 'dependencies' given explicitly accepts the site's plugins, as the default does", () => {
      expect(mdgen(site, { MDGEN_TRUST: 'dependencies' }).loaded).toEqual(own.loaded);
    });

    test("trust: 'installed' opts in to what is merely installed, but never to a package manager's internal folder", () => {
      const raw = mdgen(site, { MDGEN_TRUST: 'installed' });
      const hoisted = own.refused.some((r) => r.package === 'mdgen-plugin-sneaky');
      expect(raw.loaded.map(([name]) => name)).toEqual(hoisted ? ['emoji', 'sneaky', 'toc'] : ['emoji', 'toc']);
    });

    test('`plugboard doctor --host mdgen` reports exactly what mdgen refuses, with its reasons, and the typo', () => {
      const r = runBin(site, 'plugboard', ['doctor', '--host', 'mdgen', '--group', GROUP, '--json']);
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout) as {
        host: { name: string };
        project: { kind: string; dir: string };
        findings: Finding[];
      };
      expect(report.host.name).toBe('mdgen');
      expect(report.project).toMatchObject({ kind: 'local' });
      const refusals = report.findings.filter((f) => f.severity === 'error');
      expect(refusals.map((f) => ({ code: f.code, package: f.package }))).toEqual(own.refused);
      expect(refusals.map((f) => f.message)).toEqual(
        own.messages.filter((m) => own.refused.some((x) => m.includes(`of ${x.package} (`))),
      );
      expect(report.findings.filter((f) => f.code === 'group-typo').map((f) => f.package)).toEqual([
        'mdgen-plugin-typo',
      ]);
    });

    test('`plugboard list --host mdgen` lists what mdgen loads', () => {
      const r = runBin(site, 'plugboard', ['list', GROUP, '--host', 'mdgen', '--json']);
      expect((JSON.parse(r.stdout) as { name: string }[]).map((e) => e.name)).toEqual(own.names);
      expect(r.stderr).toContain("run 'plugboard doctor --host mdgen'");
    });

    test('`plugboard show --host mdgen` names the project as where a plugin came from, and the verdict', () => {
      const shown = (name: string) =>
        JSON.parse(runBin(site, 'plugboard', ['show', GROUP, name, '--host', 'mdgen', '--json']).stdout) as {
          provenance: { kind: string; description: string };
          host: { accepted: boolean; code?: string };
        }[];
      const [emoji] = shown('emoji');
      expect(emoji?.host).toEqual({ name: 'mdgen', accepted: true });
      if (pm !== 'yarn4-pnp')
        expect(emoji?.provenance.description).toMatch(/^installed by the project \(dependencies:/);
      expect(shown('future')[0]?.host).toMatchObject({ accepted: false, code: 'incompatible' });
    });
  });
}
