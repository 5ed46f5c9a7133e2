/**
 * `entryPoints()`: synchronous discovery. Asks each finder for the packages the host can see, reads
 * their `entryPoints`, and reports everything it skipped as diagnostics. Never imports plugin code,
 * never throws for bad input.
 */
import { type Diagnostic, diagnostic } from '../core/index.js';
import type { EntryPoint } from '../entry-points/index.js';
import { concerns, EntryPoints } from '../entry-points/index.js';
import type { Finder, FinderContext } from './finder.js';
import { cachedNodeModulesFinder } from './cache.js';
import { pnpApiFor, pnpFinder } from './finders/pnp.js';
import { hostDir } from './host.js';
import { readEntryPoints } from './manifest.js';
import { readRoles } from './roles.js';

/** Options of `entryPoints()`. */
export interface DiscoverOptions {
  /** Only this group. */
  readonly group?: string;
  /** Only entries with this name. */
  readonly name?: string;
  /**
   * The directory the host resolves from.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The module discovery acts for, usually `import.meta.url`: discovery then sees what that module
   * can import, wherever the process was started. A CLI installed globally (`npm i -g`) finds the
   * plugins installed globally beside it; one installed by a project (`npm i -D mdgen`, under
   * npm, pnpm, Yarn or bun) finds what that project installed, found from `cwd` (docs/cli-hosts.md,
   * the roles). A file URL or a path; a file stands for its folder. Wins over `cwd` as the host.
   */
  readonly from?: string | URL;
  /** Extra directories that hold packages, searched after `NODE_PATH` and `PLUGBOARD_PATH`. */
  readonly paths?: readonly string[];
  /**
   * Where to look for packages.
   * @default defaultFinders(cwd): [pnpFinder] under Yarn Plug'n'Play, else [nodeModulesFinder]
   * behind the index cache (docs/cache.md)
   */
  readonly finders?: readonly Finder[];
  /**
   * The environment to read `NODE_PATH` and `PLUGBOARD_PATH` from.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * `false` skips the discovery index cache: every package.json is read again. So does the
   * environment variable `PLUGBOARD_NO_CACHE=1`.
   * @default true
   */
  readonly cache?: boolean;
}

/**
 * Discovers the entry points of every package the host can import.
 *
 * @param options what to select and where to look from.
 * @returns the entry points, in lookup precedence, with the diagnostics of what was skipped.
 * @example
 * ```ts
 * import { entryPoints } from 'plugboard';
 * for (const ep of entryPoints({ group: 'my-plugins' })) {
 *   const plugin = await ep.load();
 * }
 * ```
 */
export function entryPoints(options: DiscoverOptions = {}): EntryPoints {
  const diagnostics: Diagnostic[] = [];
  // With `from`, the project that installed the host is searched too (a workspace member whose
  // host is hoisted, Yarn PnP, where the host's own map holds only its dependencies).
  const project = options.from === undefined ? undefined : readRoles(options).project;
  const context: FinderContext = {
    cwd: hostDir(options),
    project: project === undefined || project.kind === 'host' ? undefined : project.dir,
    paths: options.paths ?? [],
    env: options.env ?? process.env,
    cache: options.cache,
    report: (d) => diagnostics.push(d),
  };
  const selector = { group: options.group, name: options.name };
  const found: EntryPoint[] = [];
  const seen = new Map<string, string>();
  for (const finder of options.finders ?? defaultFinders(context.cwd)) {
    for (const pkg of finder.find(context)) {
      const earlier = seen.get(pkg.installedAs);
      if (earlier !== undefined) {
        context.report(
          diagnostic(
            'shadowed',
            `${pkg.installedAs} found by the ${finder.name} finder is shadowed by the one found by the ${earlier} finder`,
            pkg.manifestPath,
            { package: pkg.name },
          ),
        );
        continue;
      }
      seen.set(pkg.installedAs, finder.name);
      for (const ep of readEntryPoints(pkg, selector, context.report)) found.push(ep);
    }
  }
  reportConflicts(found, context.report);
  // readEntryPoints() kept only what the selector matches; a finder's own diagnostics may still
  // name another group (EntryPoints.select's rule, without filtering the entries a second time).
  const selected =
    options.group === undefined && options.name === undefined
      ? diagnostics
      : diagnostics.filter((d) => concerns(d, selector));
  return new EntryPoints(found, selected);
}

/**
 * The finders `entryPoints()` uses when none are given: the PnP finder when the process runs under
 * Yarn Plug'n'Play and `cwd` is inside a PnP project (there is no node_modules to scan there), else
 * the node_modules finder.
 *
 * @param cwd the directory discovery resolves from.
 * @returns the finders, in precedence order.
 */
export function defaultFinders(cwd: string): readonly Finder[] {
  return pnpApiFor(cwd) ? [pnpFinder] : [cachedNodeModulesFinder];
}

function reportConflicts(found: readonly EntryPoint[], report: (d: Diagnostic) => void): void {
  const byKey = new Map<string, EntryPoint[]>();
  for (const ep of found) {
    const key = `${ep.group}\0${ep.name}`;
    const list = byKey.get(key);
    if (list) list.push(ep);
    else byKey.set(key, [ep]);
  }
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    const first = list[0]!;
    const what = `'${first.name}' in group '${first.group}'`;
    const after = "All are returned; a group's conflict policy chooses.";
    const extra = { package: list[1]!.package.name, group: first.group, name: first.name };
    if (list.every((ep) => ep.package.name === first.package.name && ep.package.version === first.package.version)) {
      // One package installed under several names (an npm alias next to the real name) or copied
      // into several lookup directories: name the copies, since the package names alone match.
      const where = list.map((ep) => `${ep.package.installedAs ?? ep.package.name} (${ep.package.dir})`).join(', ');
      report(
        diagnostic(
          'conflict',
          `${what} is declared ${list.length} times by the same package, ${first.package.name}@${first.package.version}, installed ${list.length} times: as ${where}. Remove the extra copy (an npm alias or a second lookup directory). ${after}`,
          list[1]!.package.dir,
          extra,
        ),
      );
      continue;
    }
    const who = list.map((ep) => `${ep.package.name}@${ep.package.version} (${ep.package.dir})`).join(', ');
    report(
      diagnostic(
        'conflict',
        `${what} is declared by ${list.length} packages: ${who}. ${after}`,
        list[1]!.package.dir,
        extra,
      ),
    );
  }
}
