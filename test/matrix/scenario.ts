/**
 * The one scenario every cell of the matrix runs: a workspace whose host depends on plugins from
 * local tarballs (an ESM package with an `exports` map, a scoped CommonJS package that requires a
 * dependency of its own, a package with malformed `entryPoints`) and on a plugin that is a workspace
 * member, plus plugboard itself from its packed tarball. The host's `main.js` discovers, loads, and
 * prints what it saw as JSON; the test compares that with `expected` for every package manager and
 * runtime alike.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  installWorkspace,
  type PackageManager,
  pack,
  plugboardTarball,
  pmEnv,
  tempDir,
  tool,
  writePackage,
} from '../support/fixtures.js';

/** The runtimes the host runs on, in the matrix's column order. */
export type Runtime = 'node20' | 'node22' | 'node24' | 'bun' | 'deno';
export const runtimes: readonly Runtime[] = ['node20', 'node22', 'node24', 'bun', 'deno'];

/** Cells that cannot work, and why. docs/package-managers.md lists the same. */
export function unsupported(pm: PackageManager, runtime: Runtime): string | undefined {
  // Both checked by hand with the pinned versions; docs/package-managers.md says what happens.
  if (pm === 'yarn4-pnp' && runtime === 'bun')
    return "Bun does not implement Plug'n'Play (it ignores .pnp.cjs); use nodeLinker: node-modules";
  if (pm === 'yarn4-pnp' && runtime === 'deno')
    return "Deno does not implement Plug'n'Play: npm packages must be in node_modules; use nodeLinker: node-modules";
  return undefined;
}

/** What the host prints. */
export interface Report {
  readonly runtime: { readonly node: string; readonly bun?: string; readonly deno?: string; readonly pnp: boolean };
  readonly names: readonly string[];
  readonly origins: Readonly<Record<string, string>>;
  readonly loaded: Readonly<Record<string, unknown>>;
  readonly diagnostics: readonly { readonly code: string; readonly package?: string }[];
  /** The host's package.json as a group and as doctor name it (issue 14: one rule for both). */
  readonly hosts: { readonly group?: string; readonly doctor?: string };
}

export const GROUP = 'matrix.plugins';

/** What every cell must print (`runtime` and `origins` are checked separately). */
export const expected: Pick<Report, 'names' | 'loaded' | 'diagnostics'> = {
  names: ['alpha', 'beta', 'gamma'],
  loaded: { alpha: { id: 'alpha' }, beta: { id: 'beta', helper: 'helper-1' }, gamma: { id: 'gamma' } },
  diagnostics: [{ code: 'invalid-entry-points', package: 'plugin-bad' }],
};

const MAIN = `import { defineGroup, entryPoints } from 'plugboard';
import { doctor } from 'plugboard/tools';
const eps = entryPoints({ group: '${GROUP}' });
const report = {
  runtime: { node: process.versions.node, bun: process.versions.bun, deno: globalThis.Deno?.version.deno, pnp: process.versions.pnp !== undefined },
  names: eps.names,
  origins: Object.fromEntries(eps.toArray().map((ep) => [ep.name, ep.package.origin])),
  loaded: {},
  diagnostics: eps.diagnostics.map((d) => ({ code: d.code, package: d.package })),
  hosts: { group: defineGroup('${GROUP}').host()?.manifestPath, doctor: doctor({ group: '${GROUP}' }).host?.manifestPath },
};
for (const ep of eps) report.loaded[ep.name] = await ep.load();
console.log(JSON.stringify(report));
`;

/** The scenario's packed packages. */
export interface Tarballs {
  readonly helper: string;
  readonly alpha: string;
  readonly beta: string;
  readonly bad: string;
  readonly plugboard: string;
}

let sources: Tarballs | undefined;
/** The plugin tarballs, packed once per process and shared by every package manager. */
export function tarballs(): Tarballs {
  if (sources) return sources;
  const src = tempDir('matrix-src');
  const out = tempDir('matrix-tgz');
  const helper = pack(
    writePackage(src, {
      name: 'mx-helper',
      main: 'index.js',
      files: { 'index.js': "module.exports = { name: 'helper-1' };\n" },
    }),
    out,
  );
  sources = {
    helper,
    alpha: pack(
      writePackage(src, {
        name: 'plugin-alpha',
        type: 'module',
        exports: { './alpha': './lib/alpha.js' },
        entryPoints: { [GROUP]: { alpha: './alpha:alpha' } },
        files: { 'lib/alpha.js': "export const alpha = { id: 'alpha' };\n" },
      }),
      out,
    ),
    beta: pack(
      writePackage(src, {
        name: '@mx/plugin-beta',
        main: 'index.js',
        dependencies: { 'mx-helper': `file:${helper}` },
        entryPoints: { [GROUP]: { beta: '.:beta' } },
        // The plugin's own dependency must resolve through the package manager (PnP: its zip).
        files: { 'index.js': "exports.beta = { id: 'beta', helper: require('mx-helper').name };\n" },
      }),
      out,
    ),
    bad: pack(
      writePackage(src, { name: 'plugin-bad', entryPoints: ['not', 'an', 'object'], files: { 'index.js': '' } }),
      out,
    ),
    plugboard: plugboardTarball(),
  };
  return sources;
}

/** A scenario installed by one package manager. */
export interface Installed {
  readonly pm: PackageManager;
  readonly root: string;
  readonly host: string;
}

/** Writes and installs the scenario with `pm`. */
export function installScenario(pm: PackageManager): Installed {
  const t = tarballs();
  const root = installWorkspace({
    pm,
    packages: [
      {
        name: 'plugin-gamma',
        type: 'module',
        entryPoints: { [GROUP]: { gamma: './index.js:gamma' } },
        files: { 'index.js': "export const gamma = { id: 'gamma' };\n" },
      },
      {
        name: 'host',
        type: 'module',
        manifest: { private: true },
        dependencies: {
          'plugin-alpha': `file:${t.alpha}`,
          '@mx/plugin-beta': `file:${t.beta}`,
          'plugin-bad': `file:${t.bad}`,
          'plugin-gamma': 'workspace:*',
          plugboard: `file:${t.plugboard}`,
        },
        files: {
          'main.js': MAIN,
          // Deno: the same host importing plugboard by an `npm:` specifier, served from node_modules.
          'main.deno.js': MAIN.replace("from 'plugboard'", "from 'npm:plugboard'").replace(
            "from 'plugboard/tools'",
            "from 'npm:plugboard/tools'",
          ),
        },
      },
    ],
  });
  return { pm, root, host: join(root, 'packages/host') };
}

/** The command that runs the host's main on `runtime`, as a user of `pm` would start it. */
export function command(
  installed: Installed,
  runtime: Runtime,
): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const { pm, root } = installed;
  const env = pmEnv();
  if (pm === 'yarn4-pnp') {
    // `yarn node` is how Yarn users start a PnP host; the other Node versions get the same flags
    // it sets: the CommonJS runtime (.pnp.cjs) and the ESM loader (.pnp.loader.mjs).
    if (runtime === 'node20') return { file: process.execPath, args: [tool('yarn4'), 'node', 'main.js'], env };
    const pnp = ['--require', join(root, '.pnp.cjs'), '--loader', pathToFileURL(join(root, '.pnp.loader.mjs')).href];
    if (runtime === 'node22' || runtime === 'node24')
      return { file: tool(runtime), args: [...pnp, '--no-warnings', 'main.js'], env };
  }
  switch (runtime) {
    case 'node20':
      return { file: process.execPath, args: ['main.js'], env };
    case 'node22':
    case 'node24':
      return { file: tool(runtime), args: ['main.js'], env };
    case 'bun':
      return { file: tool('bun'), args: ['main.js'], env };
    case 'deno':
      // A fresh DENO_DIR and --cached-only: `npm:plugboard` must come from node_modules, not a download.
      return {
        file: tool('deno'),
        args: ['run', '--allow-all', '--cached-only', 'main.deno.js'],
        env: { ...env, DENO_DIR: tempDir('deno-dir'), NO_COLOR: '1' },
      };
  }
}

/** Runs the host on `runtime` and parses what it printed. */
export function runHost(installed: Installed, runtime: Runtime): Report {
  const { file, args, env } = command(installed, runtime);
  const out = execFileSync(file, args, {
    cwd: installed.host,
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Report;
}

/**
 * Throws unless a group and doctor, run by the host, both name the host's own package.json (its
 * real path): issue 14, where they followed different rules.
 */
export function assertSameHost(installed: Installed, report: Report): void {
  const want = join(realpathSync(installed.host), 'package.json');
  if (report.hosts.group !== want || report.hosts.doctor !== want)
    throw new Error(
      `${installed.pm}: the host's package.json is ${want}, but the group names ${report.hosts.group} and doctor ${report.hosts.doctor}`,
    );
}

/** The layout each package manager must have made, so a cell cannot pass on the wrong layout. */
export const layouts: Readonly<Record<PackageManager, string>> = {
  npm: 'hoisted',
  pnpm: 'isolated (.pnpm)',
  'pnpm-hoisted': 'hoisted',
  yarn1: 'hoisted',
  yarn4: 'hoisted',
  'yarn4-pnp': 'pnp',
  // Bun links workspaces' dependencies from node_modules/.bun, like pnpm.
  bun: 'isolated (.bun)',
};

/** The layout `installed` actually has, judged by where the host's plugin-alpha is. */
export function layoutOf(installed: Installed): string {
  const atRoot = lstatSync(join(installed.root, 'node_modules/plugin-alpha'), { throwIfNoEntry: false });
  const atHost = lstatSync(join(installed.host, 'node_modules/plugin-alpha'), { throwIfNoEntry: false });
  if (!atRoot && !atHost && existsSync(join(installed.root, '.pnp.cjs'))) return 'pnp';
  if (atRoot?.isDirectory() && !atHost) return 'hoisted';
  if (atHost?.isSymbolicLink()) {
    const target = readlinkSync(join(installed.host, 'node_modules/plugin-alpha'));
    if (target.includes('/.pnpm/')) return 'isolated (.pnpm)';
    if (target.includes('/.bun/')) return 'isolated (.bun)';
  }
  return 'unknown';
}

/** One line of `plugboard list --json`, without the folder (which differs by layout). */
export interface Listed {
  readonly group: string;
  readonly name: string;
  readonly package: string;
  readonly version: string;
}

/** What `plugboard list <group> --json` must print in every row, npm's answer. */
export const expectedList: { readonly status: number; readonly entries: readonly Listed[] } = {
  // 1: discovery dropped plugin-bad's declaration, and the CLI says so by its exit code.
  status: 1,
  entries: [
    { group: GROUP, name: 'alpha', package: 'plugin-alpha', version: '1.0.0' },
    { group: GROUP, name: 'beta', package: '@mx/plugin-beta', version: '1.0.0' },
    { group: GROUP, name: 'gamma', package: 'plugin-gamma', version: '1.0.0' },
  ],
};

/**
 * Runs the host's `plugboard list <group> --json` on Node 20, as a user of `pm` would: `yarn
 * plugboard` under Plug'n'Play (which starts it under PnP), else the bin from node_modules.
 */
export function listWithCli(installed: Installed): { status: number; entries: Listed[] } {
  const args = ['list', GROUP, '--json'];
  const run =
    installed.pm === 'yarn4-pnp'
      ? [tool('yarn4'), 'plugboard', ...args]
      : [
          join(
            dirname(createRequire(join(installed.host, 'package.json')).resolve('plugboard/package.json')),
            'dist/cli/main.js',
          ),
          ...args,
        ];
  const result = spawnSync(process.execPath, run, { cwd: installed.host, encoding: 'utf8', env: pmEnv() });
  if (result.status === null || !result.stdout.trim().startsWith('['))
    throw new Error(`plugboard list failed (${result.status}): ${result.stderr}${result.stdout}`);
  // Sorted: the CLI lists in lookup precedence, which depends on the layout (nearer first).
  const entries = (JSON.parse(result.stdout) as Listed[])
    .map(({ group, name, package: pkg, version }) => ({ group, name, package: pkg, version }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { status: result.status, entries };
}
