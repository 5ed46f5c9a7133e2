/**
 * `--host <package>` of `plugboard list`, `show` and `doctor` (issue 16): the tools see what a host
 * such as a CLI sees when it reads a group with `defineGroup(group, { from: import.meta.url })`, run
 * in the project the user stands in. The host is found as the project would import it; discovery
 * and the policies then run from the host's position, exactly as the host's own `discover()`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { entryPoints, type Host, hostDir, lookupDirs, pnpApiFor, type Project, readRoles } from '../discovery/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import { defineGroup, type GroupOptions } from '../group/index.js';
import { HostNotFoundError } from './errors.js';

/** Options of `evaluateHost()`. */
export interface HostOptions {
  /**
   * The host: a package name the project can import (`mdgen`), or the host's folder (a path).
   * A name not installed in the project is looked up among npm's global packages (`npm root -g`).
   */
  readonly host: string;
  /**
   * The working directory: the project the user runs the host in.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly paths?: readonly string[];
}

/** The host, where it is, and the project that installed it. */
export interface HostPosition {
  /** The host's folder (its real path): what `from` is for the host's own group. */
  readonly from: string;
  readonly host: Host | undefined;
  /** Where the user installs plugins for it (docs/cli-hosts.md, the roles). */
  readonly project: Project | undefined;
  /** How the host was found: imported from the project, given as a folder, or a global package. */
  readonly via: 'project' | 'folder' | 'global';
}

/** What a host sees of one group. */
export interface HostEvaluation extends HostPosition {
  readonly group: string;
  /** Every entry point discovery finds from the host's position (`entryPoints({ from, cwd })`). */
  readonly discovered: EntryPoints;
  /**
   * The group after the host's policies: `defineGroup(group, { from, cwd, ...policies }).discover()`,
   * with every refusal (`untrusted`, `incompatible`, …) among its diagnostics.
   */
  readonly accepted: EntryPoints;
}

/**
 * Finds the host `options.host` as the project at `cwd` would import it.
 *
 * @throws {HostNotFoundError} when it is not installed there, nor globally.
 */
export function locateHost(options: HostOptions): HostPosition {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const given = options.host;
  const position = (dir: string, via: HostPosition['via']): HostPosition => {
    const from = realpathSync(dir);
    const roles = readRoles({ cwd, from });
    return { from, host: roles.host, project: roles.project, via };
  };
  if (given.startsWith('.') || isAbsolute(given)) {
    const dir = resolve(cwd, given);
    if (existsSync(join(dir, 'package.json'))) return position(dir, 'folder');
    throw new HostNotFoundError({ host: given, cwd, searched: [dir] });
  }
  const searched: string[] = [];
  const pnp = pnpApiFor(hostDir({ cwd }));
  if (pnp?.resolveToUnqualified) {
    let dir: string | null = null;
    try {
      dir = pnp.resolveToUnqualified(given, `${hostDir({ cwd })}/`);
    } catch {}
    if (dir) return position(dir, 'project');
    searched.push("Yarn Plug'n'Play's map");
  }
  for (const lookup of lookupDirs({ cwd: hostDir({ cwd }), env, paths: [] })) {
    if (lookup.origin !== 'node_modules') continue;
    searched.push(lookup.dir);
    if (existsSync(join(lookup.dir, given, 'package.json'))) return position(join(lookup.dir, given), 'project');
  }
  const global = globalRoot(env);
  if (global !== undefined) {
    searched.push(global);
    if (existsSync(join(global, given, 'package.json'))) return position(join(global, given), 'global');
  }
  throw new HostNotFoundError({ host: given, cwd, searched });
}

/**
 * Discovery and the policies of `group` as the host `options.host` runs them in the project at
 * `cwd`: the same answer as the host's own `defineGroup(group, { from: import.meta.url }).discover()`.
 * The policies are the host's defaults (its peer range check, `trust: 'dependencies'`) unless
 * `policies` says otherwise.
 *
 * @example
 * ```ts
 * const seen = evaluateHost({ cwd: site, host: 'mdgen', group: 'mdgen.transformers' });
 * seen.accepted.names; // what mdgen loads
 * seen.accepted.diagnostics.filter((d) => d.code === 'incompatible'); // what it refuses, and why
 * ```
 */
export function evaluateHost(
  options: HostOptions & {
    readonly group: string;
    readonly policies?: Pick<GroupOptions, 'trust' | 'allow' | 'block' | 'conflicts' | 'host'>;
  },
): HostEvaluation {
  const at = locateHost(options);
  return {
    ...at,
    group: options.group,
    discovered: entryPoints(common(at, options)),
    accepted: acceptedBy(at, options),
  };
}

/** The options `at`'s own group would run with in the project at `options.cwd`. */
function common(at: HostPosition, options: Omit<HostOptions, 'host'>) {
  return {
    cwd: resolve(options.cwd ?? process.cwd()),
    from: at.from,
    ...(options.env ? { env: options.env } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
  };
}

/**
 * The group `options.group` as the host found at `at` accepts it: its own
 * `defineGroup(group, { from })` in the project at `cwd`, with `policies` when given.
 */
export function acceptedBy(
  at: HostPosition,
  options: Omit<HostOptions, 'host'> & {
    readonly group: string;
    readonly policies?: Pick<GroupOptions, 'trust' | 'allow' | 'block' | 'conflicts' | 'host'>;
  },
): EntryPoints {
  return defineGroup(options.group, { ...options.policies, ...common(at, options) }).discover();
}

/** npm's global node_modules (`npm root -g`), or `undefined` when npm cannot say. */
function globalRoot(env: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    const out = execFileSync('npm', ['root', '--global'], {
      encoding: 'utf8',
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}
