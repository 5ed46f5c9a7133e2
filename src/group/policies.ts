/**
 * A group's policies, evaluated over discovered entry points without importing anything. The order
 * is the policy, and it is written once, in `policies` below: block, allow (and the autoload
 * switch), trust, host compatibility; the first that refuses an entry decides its code. Conflicts
 * are settled last, among the entries every one of those kept (docs/groups.md, Policies).
 * Each refusal is both data (a diagnostic, for `discover()` and `plugboard doctor`) and an error
 * (for `load()` and `loadAll()`).
 */
import { join } from 'node:path';
import { type Diagnostic, type DiagnosticCode, diagnostic } from '../core/index.js';
import type { EntryPoint } from '../entry-points/index.js';
import { EntryPoints } from '../entry-points/index.js';
import { BlockedError, ConflictError, IncompatibleError, UntrustedError } from './errors.js';
import type { PlugboardError } from '../core/index.js';
import { whyUnsafe } from '../discovery/index.js';
import { readPackageJson } from '../discovery/index.js';
import type { HostInfo, Project } from '../discovery/index.js';

/** What the policies need, already resolved from the group's options and environment. */
export interface PolicyInput {
  readonly group: string;
  readonly block: readonly string[];
  readonly allow: readonly string[] | undefined;
  readonly autoloadDisabled: boolean;
  readonly trust: 'installed' | 'dependencies';
  readonly conflicts: 'error' | 'first' | 'last' | 'all';
  readonly host: HostInfo | undefined;
  /**
   * Where the user installs plugins for the host (docs/cli-hosts.md, the roles); its direct
   * dependencies are trusted beside the host's. `undefined`, or `kind: 'host'`, when the host is its
   * own project.
   */
  readonly project?: Project | undefined;
  /** True when the host's name and version come from the group's `host` option. */
  readonly hostGiven?: boolean;
}

/** The verdict on one discovered entry point. */
export interface Verdict {
  readonly entryPoint: EntryPoint;
  /** Why it is not loaded, or `undefined` when it is accepted. */
  readonly error?: PlugboardError;
  /**
   * True when `loadAll()` reports the refusal in `errors`. Entries left out by `allow` (or the
   * autoload switch) and entries overridden by `conflicts: 'first' | 'last'` are the policy working
   * as configured, so they are only diagnostics.
   */
  readonly reported: boolean;
}

/** The policies' result: one verdict per entry, in discovery order, and the accepted collection. */
export interface Evaluation {
  readonly verdicts: readonly Verdict[];
  /** The accepted entry points, with discovery's diagnostics followed by the policies'. */
  readonly entryPoints: EntryPoints;
}

/** Applies every policy to `found` (the group's discovered entry points). */
export function evaluate(found: EntryPoints, input: PolicyInput): Evaluation {
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const verdicts = new Map<EntryPoint, Verdict>();
  const manifests = new Map<string, Record<string, unknown> | undefined>();
  const refuse = (
    ep: EntryPoint,
    code: DiagnosticCode,
    error: PlugboardError | undefined,
    reported: boolean,
    message: string,
  ) => {
    diagnostics.push(
      diagnostic(code, message, join(ep.package.dir, 'package.json'), {
        package: ep.package.name,
        group: ep.group,
        name: ep.name,
      }),
    );
    if (error) verdicts.set(ep, { entryPoint: ep, error, reported });
  };
  const survivors: EntryPoint[] = [];
  const context: PolicyContext = { input, manifests, diagnostics };
  for (const ep of found) {
    const refusal = refusalOf(ep, context);
    if (refusal) refuse(ep, refusal.code, refusal.error, refusal.code !== 'not-allowed', refusal.error.message);
    else survivors.push(ep);
  }
  const accepted = new Set(
    resolveConflicts(survivors, input.conflicts, (ep, kept) => {
      if (kept === undefined) {
        const candidates = survivors.filter((other) => other.name === ep.name);
        const error = new ConflictError({ entryPoint: ep, candidates });
        refuse(ep, 'conflict-refused', error, true, error.message);
      } else {
        const message = `${ep.package.name}: '${ep.name}' in group '${ep.group}' (${ep.package.dir}/package.json) is overridden by ${kept.package.name}@${kept.package.version} (${kept.package.dir}), because the group's conflicts policy is '${input.conflicts}'`;
        refuse(ep, 'overridden', undefined, false, message);
      }
    }),
  );
  const ordered = found.toArray();
  const kept = ordered.filter((ep) => accepted.has(ep));
  // Discovery's `conflict` warning says "all are returned; a group's policy chooses". Once the
  // policies have settled it (a block or an allow list left one package, 'error' refused them all,
  // 'first'/'last' kept one), their own diagnostics tell the story, and the warning would be stale.
  const settled = (d: Diagnostic) => d.code === 'conflict' && kept.filter((ep) => ep.name === d.name).length < 2;
  return {
    verdicts: ordered
      .filter((ep) => accepted.has(ep) || verdicts.has(ep))
      .map((ep) => verdicts.get(ep) ?? { entryPoint: ep, reported: true }),
    entryPoints: new EntryPoints(
      kept,
      diagnostics.filter((d) => !settled(d)),
    ),
  };
}

/** Why a policy refuses an entry: the diagnostic code and the error `load()` throws. */
interface Refusal {
  readonly code: DiagnosticCode;
  readonly error: PlugboardError;
}

/** What each policy is given besides the entry: the group's settings, and shared state. */
interface PolicyContext {
  readonly input: PolicyInput;
  /** Plugin package.json files read so far, by folder (compatibility reads `peerDependencies`). */
  readonly manifests: Map<string, Record<string, unknown> | undefined>;
  /** Where a policy that lets an entry through with a warning (`unchecked-range`) says so. */
  readonly diagnostics: Diagnostic[];
}

/** One policy: a refusal, or `undefined` to let the entry go on to the next policy. */
type Policy = (ep: EntryPoint, context: PolicyContext) => Refusal | undefined;

/**
 * Block first, so a blocked package is reported as blocked whatever else is true of it; the allow
 * list next, as the host's own choice; then trust and compatibility, which say something about
 * the package itself. docs/groups.md's Policies table lists the same order.
 */
export const policies: readonly Policy[] = [blockList, allowList, trust, compatibility];

function refusalOf(ep: EntryPoint, context: PolicyContext): Refusal | undefined {
  for (const policy of policies) {
    const refusal = policy(ep, context);
    if (refusal) return refusal;
  }
  return undefined;
}

/** `block` names the entry, its package, or the name it is installed as. */
function blockList(ep: EntryPoint, { input }: PolicyContext): Refusal | undefined {
  const pkg = ep.package;
  // Match the installed-as name too: a blocked package installed under an npm alias
  // (`"nice": "npm:evil@1"`) keeps its real name in package.json but is imported as `nice`
  // (an allowlist bypass seen in github/accessibility-scanner#250).
  const blockedBy = input.block.find((item) => item === ep.name || item === pkg.name || item === pkg.installedAs);
  if (blockedBy === undefined) return undefined;
  const what =
    blockedBy === ep.name
      ? `the entry name '${blockedBy}'`
      : blockedBy === pkg.name
        ? `the package '${blockedBy}'`
        : `'${blockedBy}', the name the package ${pkg.name} is installed as`;
  return {
    code: 'blocked',
    error: new BlockedError({ entryPoint: ep, detail: `the group's block list names ${what}` }),
  };
}

/** With `allow` (or `PLUGBOARD_DISABLE_AUTOLOAD`), only what it names. */
function allowList(ep: EntryPoint, { input }: PolicyContext): Refusal | undefined {
  if (input.allow === undefined && !input.autoloadDisabled) return undefined;
  const pkg = ep.package;
  // `allow` matches the entry name, or the package name of a package installed under that same
  // name. Never the installed-as name alone, so an alias cannot borrow an allowed package's name;
  // and not the package.json name alone either, which a package from a folder, tarball or git
  // claims freely: one installed as `x-helper` that says it is `good-plugin` is not good-plugin.
  // (In NODE_PATH, PLUGBOARD_PATH and `paths` folders, which the user chose, the folder name is
  // free.)
  const installedAs = pkg.installedAs ?? pkg.name;
  // An alias the host's package.json itself asks for (`"fmt": "npm:@acme/fmt@1"`) is the host's word.
  // PLUGBOARD_PATH and `paths` are folders chosen for plugboard; NODE_PATH is not (tools and
  // package-manager shims set it), so there the folder name counts as in node_modules.
  const ownName =
    installedAs === pkg.name ||
    pkg.origin === 'PLUGBOARD_PATH' ||
    pkg.origin === 'paths' ||
    input.host?.expected?.get(installedAs) === pkg.name;
  const byPackage = input.allow?.includes(pkg.name) ?? false;
  const allowed = (input.allow?.includes(ep.name) ?? false) || (byPackage && ownName);
  if (allowed) return undefined;
  const why =
    input.allow === undefined
      ? 'PLUGBOARD_DISABLE_AUTOLOAD is set and the group has no allow list, so nothing is loaded automatically'
      : byPackage
        ? `the group's allow list names '${pkg.name}', but this package, which says it is ${pkg.name}, is installed as '${installedAs}'${pkg.lookupDir ? ` in ${pkg.lookupDir}` : ''}: a package installed under another name is not allowed by the name it claims (a folder, tarball or git dependency can claim any name)`
        : `neither '${ep.name}' nor '${pkg.name}' is in the group's allow list${input.autoloadDisabled ? ' (PLUGBOARD_DISABLE_AUTOLOAD is set: only the allow list is loaded)' : ''}`;
  // A package claiming an allowed name it is not installed under is reported, not left out
  // quietly as the allow list's ordinary work.
  return { code: byPackage ? 'blocked' : 'not-allowed', error: new BlockedError({ entryPoint: ep, detail: why }) };
}

/**
 * With `trust: 'dependencies'`, in order: a folder the user chose for plugboard (PLUGBOARD_PATH, the
 * `paths` option), the host's own package, or a direct dependency of the host (plugins it ships) or
 * of the project (what the user installed for it: its dependencies, and its devDependencies when
 * it installed the host as one); what that spec asks for (that package, in that range); from a
 * place others cannot write to.
 */
function trust(ep: EntryPoint, { input }: PolicyContext): Refusal | undefined {
  if (input.trust !== 'dependencies') return undefined;
  const pkg = ep.package;
  const untrusted = (detail: string): Refusal => ({
    code: 'untrusted',
    error: new UntrustedError({ entryPoint: ep, detail }),
  });
  const host = input.host;
  const unsafe = pkg.lookupDir === undefined ? undefined : whyUnsafe(pkg.lookupDir);
  const installedAs = pkg.installedAs ?? pkg.name;
  const safe = (): Refusal | undefined =>
    unsafe === undefined
      ? undefined
      : untrusted(
          `trust is 'dependencies', but ${installedAs} was found in ${pkg.lookupDir}, which ${unsafe}: whoever can write there could have put it there, so nothing from there is trusted`,
        );
  // The user (or the host, with `paths`) named these folders for plugboard; NODE_PATH is not one:
  // tools and package-manager shims set it.
  if (pkg.origin === 'PLUGBOARD_PATH' || pkg.origin === 'paths') return safe();
  if (host?.manifestPath === undefined)
    return untrusted(`trust is 'dependencies', but no host package.json was found to read dependencies from`);
  if (host.problem !== undefined)
    return untrusted(
      `trust is 'dependencies', but the host's package.json (${host.manifestPath}) cannot be used: ${host.problem}`,
    );
  if (join(pkg.dir, 'package.json') === host.manifestPath) return safe();
  const where = pkg.lookupDir ? ` in ${pkg.lookupDir}` : '';
  const project = input.project?.kind === 'host' ? undefined : input.project;
  // The host's own spec decides for its own dependencies; the project's for what it installed.
  const owner = host.dependencies.has(installedAs)
    ? { deps: host, path: host.manifestPath, who: `the host${host.name ? ` ${host.name}` : ''}` }
    : project?.dependencies.has(installedAs)
      ? { deps: project, path: project.manifestPath ?? project.dir, who: `the project` }
      : undefined;
  if (owner === undefined) {
    const optional = host.optionalPeers?.has(installedAs) || project?.optionalPeers.has(installedAs);
    const fields = project?.hostField === 'devDependencies' ? 'dependencies or devDependencies' : 'dependencies';
    const lists = project
      ? `neither the host${host.name ? ` ${host.name}` : ''} (${host.manifestPath}) nor the project (${project.manifestPath ?? project.dir}) lists it`
      : `the host${host.name ? ` ${host.name}` : ''} (${host.manifestPath}) does not list it (dependencies, optionalDependencies, peerDependencies)`;
    const why = optional
      ? `${project ? 'the host or the project' : `the host${host.name ? ` ${host.name}` : ''} (${host.manifestPath})`} lists it only as an optional peer dependency, a slot it does not fill and any package can`
      : `${lists}${pkg.origin === 'node_modules' || pkg.origin === undefined ? '; it is probably there because another package depends on it (package managers hoist such packages)' : ` (found through ${pkg.origin})`}`;
    const advice =
      project === undefined
        ? "add it to the host's dependencies to trust it"
        : project.kind === 'global'
          ? `install it globally beside ${host.name || 'the host'} (\`npm i -g ${installedAs} --legacy-peer-deps\`) to trust it`
          : `add it to the project's ${fields} (${project.manifestPath}) to trust it`;
    return untrusted(`trust is 'dependencies' and ${installedAs} is installed${where}, but ${why}; ${advice}`);
  }
  const wanted = owner.deps.expected?.get(installedAs);
  const range = owner.deps.ranges?.get(installedAs);
  const semverOk =
    range === undefined ||
    !pkg.version ||
    loadSemver().validRange(range) === null ||
    loadSemver().satisfies(pkg.version, range, { includePrerelease: true });
  const mismatch =
    wanted !== undefined && pkg.name !== wanted
      ? `asks for ${installedAs} as the package ${wanted}, but the package installed as ${installedAs} is ${pkg.name}${pkg.version ? `@${pkg.version}` : ''}`
      : !semverOk
        ? `asks for ${installedAs}@${range}, but ${pkg.name}@${pkg.version} is installed${where}`
        : undefined;
  if (mismatch !== undefined)
    return untrusted(
      `trust is 'dependencies' and ${owner.who === 'the project' ? `the project (${owner.path})` : `the host (${owner.path})`} ${mismatch}: not what ${owner.who === 'the project' ? 'the project' : 'the host'} asked for (another package, or an empty slot such as an optional dependency skipped on this platform, let it in)`,
    );
  return safe();
}

/** The package's `peerDependencies[host.name]` must include the host's version. */
function compatibility(ep: EntryPoint, { input, manifests, diagnostics }: PolicyContext): Refusal | undefined {
  const host = input.host;
  if (!host?.name || !host.version) return undefined;
  const pkg = ep.package;
  const peers = readManifest(pkg.dir, manifests)?.peerDependencies;
  const range = peers !== null && typeof peers === 'object' ? (peers as Record<string, unknown>)[host.name] : undefined;
  if (typeof range !== 'string') return undefined;
  const semver = loadSemver();
  const unchecked = (message: string) =>
    diagnostics.push(
      diagnostic('unchecked-range', message, join(pkg.dir, 'package.json'), {
        package: pkg.name,
        group: ep.group,
        name: ep.name,
      }),
    );
  if (semver.valid(host.version) === null) {
    // Not a reason to refuse every plugin that states a range, even '*': the host's own
    // version is what is wrong, and it is said, once per entry like a bad range.
    const from =
      host.manifestPath && !input.hostGiven ? `the version in ${host.manifestPath}` : "the group's host option";
    unchecked(
      `${pkg.name}: peerDependencies["${host.name}"] is '${range}', but the host's version '${host.version}' (${from}) is not a semver version, so compatibility was not checked (${pkg.dir}/package.json)`,
    );
  } else if (semver.validRange(range) === null) {
    unchecked(
      `${pkg.name}: peerDependencies["${host.name}"] is '${range}', which is not a semver range, so compatibility with ${host.name}@${host.version} was not checked (${pkg.dir}/package.json)`,
    );
  } else if (!semver.satisfies(host.version, range, { includePrerelease: true })) {
    return { code: 'incompatible', error: new IncompatibleError({ entryPoint: ep, host, range }) };
  }
  return undefined;
}

/**
 * Keeps the survivors the conflicts policy keeps, in discovery order; `drop` hears about each
 * entry left out, with the entry kept instead (`undefined` under `'error'`).
 */
function resolveConflicts(
  survivors: readonly EntryPoint[],
  policy: PolicyInput['conflicts'],
  drop: (ep: EntryPoint, kept: EntryPoint | undefined) => void,
): EntryPoint[] {
  if (policy === 'all') return [...survivors];
  const byName = new Map<string, EntryPoint[]>();
  for (const ep of survivors) {
    const list = byName.get(ep.name);
    if (list) list.push(ep);
    else byName.set(ep.name, [ep]);
  }
  const kept: EntryPoint[] = [];
  for (const ep of survivors) {
    const list = byName.get(ep.name)!;
    if (list.length === 1) {
      kept.push(ep);
      continue;
    }
    const winner = policy === 'first' ? list[0] : policy === 'last' ? list[list.length - 1] : undefined;
    if (ep === winner) kept.push(ep);
    else drop(ep, winner);
  }
  return kept;
}

function readManifest(
  dir: string,
  cache: Map<string, Record<string, unknown> | undefined>,
): Record<string, unknown> | undefined {
  if (cache.has(dir)) return cache.get(dir);
  // Discovery already read this file; if it vanished since, there is no range to check.
  const read = readPackageJson(dir);
  const manifest = 'manifest' in read ? read.manifest : undefined;
  cache.set(dir, manifest);
  return manifest;
}

interface Semver {
  valid(version: string): string | null;
  validRange(range: string): string | null;
  satisfies(version: string, range: string, options: { includePrerelease: boolean }): boolean;
}
let semver: Semver | undefined;

/** semver is required on first use only, so `import 'plugboard'` does not pay for it. */
function loadSemver(): Semver {
  if (!semver) {
    const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);
    semver = {
      valid: require('semver/functions/valid'),
      validRange: require('semver/ranges/valid'),
      satisfies: require('semver/functions/satisfies'),
    };
  }
  return semver;
}
