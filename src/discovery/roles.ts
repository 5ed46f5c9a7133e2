/**
 * The three roles of discovery (issue 16; docs/cli-hosts.md has the table of layout × role):
 *
 * - the **host**, the package that reads a group (a CLI such as `mdgen`). Its package.json is found
 *   by the one rule of host.ts; its name and version are what plugins' `peerDependencies` are
 *   checked against, and its own dependencies may be plugins it ships.
 * - the **project**, the package.json where the user installs plugins for the host. Without
 *   `from`, or when the host is not installed by anyone (an app, a package being developed), the
 *   project is the host itself. With `from`, for a host installed locally: the nearest package.json
 *   at or above the working directory that declares the host and from which the host's name
 *   resolves to the host's own folder; else the folder whose `node_modules` holds the host (for a
 *   global install, the global prefix's `lib`, which has no package.json: every package installed
 *   there is one the user installed).
 * - the **plugins**: what discovery finds from the host's position, and the policies accept.
 */
import { dirname, join, resolve, sep } from 'node:path';
import { type Dependencies, dependenciesOf, type Host, hostDir, hostManifest, hostOf } from './host.js';
import { pnpApiFor } from './finders/pnp.js';
import { readPackageJsonFile } from './package-json.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { readdirSync, realpathSync, statSync } = process.getBuiltinModule('node:fs');

/** Where the user installs plugins for a host, and what it installed there. */
export interface Project extends Dependencies {
  /**
   * `'host'`: the host is its own project (no `from`, or a host nobody installed). `'local'`: a
   * project installed the host (`npm i -D mdgen`). `'global'`: a global install's folder
   * (`npm i -g mdgen`), where every top-level package is one the user installed.
   */
  readonly kind: 'host' | 'local' | 'global';
  /** The project's folder: where its package.json is, or the folder that holds its node_modules. */
  readonly dir: string;
  /** Its package.json; `undefined` for a global folder without one (npm's `<prefix>/lib`). */
  readonly manifestPath: string | undefined;
  /**
   * The field of the project's package.json that asks for the host (`'devDependencies'` for a CLI
   * installed as a dev tool: then the project's devDependencies count as its plugins too).
   */
  readonly hostField?: string;
}

/** The host and the project, from one host position. */
export interface Roles {
  readonly host: Host | undefined;
  /** The folder of the host's package.json (real path), when there is one. */
  readonly hostRoot: string | undefined;
  readonly project: Project | undefined;
}

const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const NODE_MODULES = `${sep}node_modules${sep}`;

/**
 * The host and its project, for a group or a discovery acting for `from` (else for `cwd`).
 *
 * @param options `from` (the host's module), `cwd` (the working directory), `host` (a given name
 * and version, as the group option).
 * @default cwd process.cwd()
 */
export function readRoles(options: {
  readonly cwd?: string | undefined;
  readonly from?: string | URL | undefined;
  readonly host?: { readonly name: string; readonly version: string } | undefined;
}): Roles {
  const found = hostManifest(hostDir(options));
  const host = hostOf(found, options.host);
  const hostRoot = found ? dirname(found.path) : undefined;
  const self = (): Project | undefined =>
    found && {
      kind: 'host',
      dir: dirname(found.path),
      manifestPath: found.path,
      ...(found.manifest ? dependenciesOf(found.manifest) : dependenciesOf({})),
    };
  // The name it is installed as is its package.json's, whatever name the `host` option gives it.
  const name = typeof found?.manifest?.name === 'string' ? found.manifest.name : host?.name;
  if (options.from === undefined || hostRoot === undefined || !name) return { host, hostRoot, project: self() };
  const cwd = realOrSelf(resolve(options.cwd ?? process.cwd()));
  return { host, hostRoot, project: projectOf(name, hostRoot, cwd) ?? self() };
}

/** The project that installed the host `name` (at `hostRoot`), seen from `cwd`; see the module comment. */
function projectOf(name: string, hostRoot: string, cwd: string): Project | undefined {
  // Standing inside the host's own folder (its developer running it): the host is the project.
  const inside = cwd === hostRoot || cwd.startsWith(`${hostRoot}${sep}`);
  if (inside && !cwd.slice(hostRoot.length).includes(NODE_MODULES)) return undefined;
  for (let dir = cwd; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    const read = readPackageJsonFile(path);
    if ('manifest' in read) {
      const field = declaring(read.manifest, name);
      if (field !== undefined && resolvesTo(dir, name, hostRoot)) return local(dir, path, read.manifest, field);
    }
    if (dirname(dir) === dir) break;
  }
  // Not found from the working directory (a global CLI, or one started from elsewhere): the folder
  // whose node_modules holds the host.
  const at = hostRoot.indexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const owner = hostRoot.slice(0, at) || sep;
  const path = join(owner, 'package.json');
  const read = readPackageJsonFile(path);
  if ('manifest' in read) {
    const project = local(owner, path, read.manifest, declaring(read.manifest, name));
    // pnpm's global folder (`$PNPM_HOME/global/5`) keeps a package.json of what was installed.
    return /[\\/]global[\\/]\d+$/.test(owner) ? { ...project, kind: 'global' } : project;
  }
  // npm's global `<prefix>/lib/node_modules` has no package.json: each package in it was installed
  // on its own (`npm i -g x`), with its own dependencies nested inside it.
  const names = new Set<string>();
  for (const entry of safeReaddir(join(owner, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@'))
      for (const sub of safeReaddir(join(owner, 'node_modules', entry))) names.add(`${entry}/${sub}`);
    else names.add(entry);
  }
  return {
    kind: 'global',
    dir: owner,
    manifestPath: undefined,
    dependencies: names,
    expected: new Map(),
    ranges: new Map(),
    optionalPeers: new Set(),
  };
}

function local(
  dir: string,
  manifestPath: string,
  manifest: Readonly<Record<string, unknown>>,
  field: string | undefined,
): Project {
  const dev = field === 'devDependencies';
  return {
    kind: 'local',
    dir,
    manifestPath,
    ...(field === undefined ? {} : { hostField: field }),
    ...dependenciesOf(manifest, dev),
  };
}

function declaring(manifest: Readonly<Record<string, unknown>>, name: string): string | undefined {
  return FIELDS.find((field) => {
    const deps = manifest[field];
    return deps !== null && typeof deps === 'object' && typeof (deps as Record<string, unknown>)[name] === 'string';
  });
}

/** Whether `name`, imported from `dir`, is the host at `hostRoot`: as Node resolves, or PnP's map. */
function resolvesTo(dir: string, name: string, hostRoot: string): boolean {
  const pnp = pnpApiFor(dir);
  if (pnp) {
    const locator = pnp.findPackageLocator(`${dir}/`);
    const info = locator && pnp.getPackageInformation(locator);
    // Yarn keeps one copy of a package per project: declared and in the map is the host.
    return info?.packageDependencies.get(name) != null;
  }
  for (let at = dir; ; at = dirname(at)) {
    if (!at.endsWith(`${sep}node_modules`)) {
      const candidate = join(at, 'node_modules', name);
      if (statSync(join(candidate, 'package.json'), { throwIfNoEntry: false }))
        return realOrSelf(candidate) === hostRoot;
    }
    if (dirname(at) === at) return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
