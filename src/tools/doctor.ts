/**
 * Explanations: why a package was or was not discovered, what to do about each diagnostic, and
 * what a loaded entry point exports. The CLI's `doctor` and `show` print these; they compute nothing.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Diagnostic, DiagnosticCode } from '../core/index.js';
import { entryPoints } from '../discovery/index.js';
import type { EntryPoint } from '../entry-points/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import { ModuleNotFoundError } from '../entry-points/index.js';
import {
  type Host,
  hostDir,
  hostManifest,
  hostOf,
  type LookupDir,
  lookupDirs,
  type Project,
  readRoles,
} from '../discovery/index.js';
import { readDeclarations } from '../discovery/index.js';
import { declaredGroupTypos, declaringHosts } from './declaring-hosts.js';
import { defineGroup, type GroupOptions } from '../group/index.js';
import { readPackageJsonFile } from '../discovery/index.js';
import { didYouMean } from '../core/index.js';
import { evaluateHost, type HostPosition, locateHost } from './host.js';
import { addCommand, type PackageManagerName, packageManagerOf, whyCommand } from './package-manager.js';

/** What a loaded entry point turned out to be. */
export interface ExportDescription {
  /** `class`, `function`, `object`, `array`, `null`, or another `typeof`. */
  readonly type: string;
  /** The function's or class's `name`, or an object's constructor name other than `Object`. */
  readonly name?: string;
  readonly callable: boolean;
  /** Own enumerable keys (for a module namespace: its exports), sorted. */
  readonly keys: readonly string[];
}

/** Describes a loaded value: its type and its keys. */
export function describeExport(value: unknown): ExportDescription {
  if (value === null) return { type: 'null', callable: false, keys: [] };
  if (typeof value === 'function') {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
    const name = (value as { name?: string }).name;
    return {
      type: isClass ? 'class' : 'function',
      ...(name ? { name } : {}),
      callable: true,
      keys: Object.keys(value).sort(),
    };
  }
  if (Array.isArray(value)) return { type: 'array', callable: false, keys: [] };
  if (typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
    const name = ctor && ctor !== 'Object' ? ctor : undefined;
    // Module namespace objects have a null prototype and the tag 'Module'.
    const type = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Module' ? 'module' : 'object';
    return { type, ...(name ? { name } : {}), callable: false, keys: Object.keys(value).sort() };
  }
  return { type: typeof value, callable: false, keys: [] };
}

/** What `explainPackage` and `doctor` can say. Diagnostic codes from discovery appear unchanged. */
export type FindingCode =
  | DiagnosticCode
  /** The package was discovered (info). */
  | 'discovered'
  /** No lookup directory holds the package. */
  | 'not-installed'
  /** Installed only under another package's node_modules, where the host cannot import it. */
  | 'nested'
  /** Its package.json has no `entryPoints`. */
  | 'no-entry-points'
  /** Its package.json has `entrypoints`, `entry_points`, … instead of `entryPoints`. */
  | 'misspelled-field'
  /** A group it declares is one or two letters from a group others use or the host asked for. */
  | 'group-typo'
  /** It declares entry points, but none in the group asked about. */
  | 'not-in-group'
  /** The host is installed globally: how to install plugins beside it (info). */
  | 'global-host'
  /** `npm i -g <plugin>` installed a copy of the global host for the plugin's peer dependency. */
  | 'peer-copy'
  /** An entry's module does not resolve inside the package. */
  | 'module-not-found'
  /** An entry's module is missing from the installed package, and its `files` leave it out. */
  | 'not-published';

/** One thing `doctor` reports, with the sentence that says what to do. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: 'error' | 'warning' | 'info';
  /** What is wrong, naming the package and the file. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** The file or directory to open. */
  readonly path?: string;
  readonly package?: string;
  readonly group?: string;
  readonly name?: string;
}

/** Why one package was or was not discovered. */
export interface Explanation {
  /** The package asked about. */
  readonly package: string;
  /** True when at least one of its entry points was discovered (in `group`, when one was given). */
  readonly discovered: boolean;
  /** Its discovered entry points (in `group`, when one was given). */
  readonly entryPoints: readonly EntryPoint[];
  /** Where copies of it are installed: visible ones first, then nested ones. */
  readonly installed: readonly { readonly dir: string; readonly visible: boolean; readonly version: string }[];
  readonly findings: readonly Finding[];
}

/** What `explainPackage` and `doctor` look at. */
export interface ExplainOptions {
  /** @default process.cwd() */
  readonly cwd?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly paths?: readonly string[];
  /** The group the host reads: entries elsewhere do not count, and near misses are typos. */
  readonly group?: string;
  /** More group names the host reads, for did-you-mean. */
  readonly knownGroups?: readonly string[];
  /**
   * The host that reads the group, when it is not the package at `cwd`: a CLI's package name
   * (`mdgen`) or folder. Discovery and the policies then run from that host's position, as its own
   * `defineGroup(group, { from: import.meta.url })` does in the project at `cwd` (`plugboard doctor
   * --host`; docs/cli-hosts.md).
   */
  readonly host?: string;
  /**
   * With `group`: evaluate the group's policies as `defineGroup(group, policies)` would
   * (peerDependencies compatibility, `PLUGBOARD_DISABLE_AUTOLOAD`, and the policies given here).
   * Nothing is loaded.
   */
  readonly policies?: PolicyOptions;
}

/** The report of `doctor()`. */
export interface DoctorReport {
  /** The directory discovery ran from (symlinks followed). */
  readonly cwd: string;
  /**
   * The host: its package.json is the nearest one at or above `cwd`, the same one a group
   * defined there reads (`group.host()`). `undefined` when there is none up to the root.
   */
  readonly host: Host | undefined;
  /**
   * Where the user installs plugins for the host (docs/cli-hosts.md, the roles): with `host`, the
   * project that installed it, or the global folder; else the host itself.
   */
  readonly project?: Project | undefined;
  /** With `host`: the host's folder, discovery's `from`. */
  readonly from?: string;
  /** How many entry points were discovered (in `group`, when one was given). */
  readonly entryPoints: number;
  /** Every finding: discovery's diagnostics, modules that do not resolve, likely group typos. */
  readonly findings: readonly Finding[];
  /** With `package`, why that package was or was not discovered. */
  readonly explanation?: Explanation;
}

const ADVICE: Record<DiagnosticCode, string> = {
  'malformed-manifest':
    'Fix that package.json (it must be a JSON object with a non-empty string "name"), or reinstall the package.',
  'invalid-entry-points':
    'Make "entryPoints" an object of groups, each an object of names to "<module>[:<attr>]"; run `plugboard check` in the plugin.',
  'invalid-group':
    "Rename the group (a name starts with a letter, digit, '_' or '@', then has only letters, digits and _ . - / : @, at most 214 characters); run `plugboard check` in the plugin before publishing.",
  'invalid-name':
    "Rename the entry (a name starts with a letter, digit, '_' or '@', then has only letters, digits and _ . - / : @, at most 214 characters); run `plugboard check` in the plugin before publishing.",
  'invalid-value':
    'Write the value as "./subpath:attr" (or ".:attr"), or { "value": …, "meta": … }; run `plugboard check` in the plugin.',
  'broken-link': "Run your package manager's install again, or remove the stale link (npm unlink / pnpm unlink).",
  unreadable: 'Check the permissions of that path; packages in it were skipped.',
  shadowed: 'The host imports the nearer copy. Remove or update one of them (`npm ls <package>` shows both).',
  conflict:
    "Uninstall one of the packages, or choose one with select({ package }); a group's conflict policy can decide.",
  'no-lookup-dirs':
    'Nothing is installed where the host looks: run npm/pnpm/yarn install in the host, or point --cwd (the cwd option) at the host package.',
  'unsafe-lookup-dir':
    'Other users can plant packages there: fix its permissions (chmod o-w), remove it, or run from a directory whose lookup path avoids it.',
  'invalid-declaration':
    'Fix that group in the host\'s "entryPointGroups" (schema/entry-point-groups.schema.json describes the format); until then the host\'s defaults and meta schema for it are not applied.',
  'group-typo': 'Rename the group in the plugin\'s "entryPoints" to the one the host declares, and publish again.',
  'invalid-meta':
    'Fix the entry\'s "meta" in the plugin\'s package.json to match the meta schema its host declares for the group.',
  blocked: "The group's block list names it: remove it from block if it should load, or uninstall the package.",
  'not-allowed':
    'The group has an allow list (or PLUGBOARD_DISABLE_AUTOLOAD is set) without it: add it to allow, or load it by name.',
  untrusted:
    "trust: 'dependencies' (the default) accepts only what the project installed and the host's own dependencies: install the package in the project (its direct dependencies), or let the host use trust: 'installed'.",
  incompatible: "Its peerDependencies range for the host excludes the host's version: upgrade the plugin, or the host.",
  'unchecked-range':
    "Its peerDependencies range for the host is not a semver range: fix the range in the plugin's package.json.",
  'conflict-refused': "conflicts: 'error' and several packages declare the name: uninstall or block all but one.",
  overridden:
    "Another package's entry of the same name won under the group's conflicts policy: block the one you do not want, to make the choice explicit.",
};

/** The group policies `doctor` evaluates (the options a host passes to `defineGroup`). */
export type PolicyOptions = Pick<GroupOptions, 'trust' | 'allow' | 'block' | 'conflicts' | 'host'>;

/**
 * Diagnoses discovery from `cwd`: every diagnostic with advice, every discovered entry point whose
 * module does not resolve, and groups that look like typos of others. With `pkg`, also explains why
 * that package was or was not discovered. Never imports plugin code.
 *
 * @example
 * ```ts
 * const report = doctor({ cwd: host }, 'my-plugin');
 * for (const f of report.findings) console.log(f.message, f.hint);
 * ```
 */
export function doctor(given: ExplainOptions = {}, pkg?: string): DoctorReport {
  const position = given.host === undefined ? undefined : locateHost({ ...given, host: given.host });
  const options: Resolved = { ...given, from: position?.from ?? declaredBy(given) };
  const all = entryPoints({ cwd: options.cwd, from: options.from, env: options.env, paths: options.paths });
  const scope = options.group === undefined ? all : all.select({ group: options.group });
  // With a group, its policies decide: the group manager's own diagnostics are discovery's for the
  // group plus its refusals, without the conflicts its policies settled.
  const managed = options.group === undefined ? undefined : managedGroup(options.group, options);
  const fromDiagnostic = advise(packageManagerOf(hostDir({ cwd: options.cwd })));
  const findings: Finding[] = (managed ?? scope).diagnostics.map(fromDiagnostic);
  if (position) findings.push(...globalFindings(position, scope));
  for (const ep of scope) {
    const f = moduleFinding(ep);
    if (f) findings.push(f);
  }
  // Without --group, every group an installed host declares is evaluated as that host evaluates
  // it (its declaration's defaults and meta schema), so doctor refuses what the host would refuse.
  const declared = options.group === undefined ? declaredFindings(all, options, fromDiagnostic) : undefined;
  if (declared) findings.push(...declared.findings);
  findings.push(
    // A typo of a declared group is already an error naming the host; the generic warning would repeat it.
    ...groupTypos(all, options).filter((f) => !declared?.typos.has(`${f.package}\0${f.group}`)),
  );
  findings.push(...nestedPlugins(all, options));
  const cwd = hostDir({ cwd: options.cwd });
  const report: { -readonly [K in keyof DoctorReport]: DoctorReport[K] } = {
    cwd,
    host: position ? position.host : hostOf(hostManifest(cwd)),
    ...(position ? { project: position.project, from: position.from } : {}),
    entryPoints: scope.size,
    findings,
  };
  if (pkg !== undefined) report.explanation = explainWith(pkg, all, options);
  return report;
}

/**
 * Explains why the package `name` was or was not discovered from `cwd`: not installed, installed
 * where the host cannot see it, no `entryPoints`, a misspelled group, a module missing from its
 * published files, or dropped by a diagnostic.
 *
 * @param name the package name (or the name it is installed as).
 * @example
 * ```ts
 * explainPackage('my-plugin', { cwd: host, group: 'my-plugins' }).findings[0].message;
 * // "my-plugin declares group 'my-plugin': did you mean 'my-plugins'?"
 * ```
 */
export function explainPackage(name: string, given: ExplainOptions = {}): Explanation {
  const from = given.host === undefined ? declaredBy(given) : locateHost({ ...given, host: given.host }).from;
  const options: Resolved = { ...given, from };
  return explainWith(name, entryPoints({ cwd: options.cwd, from, env: options.env, paths: options.paths }), options);
}

/** The options with `host` found: `from` is its folder. */
type Resolved = ExplainOptions & { readonly from?: string | undefined };

/** The host's position and its project's folder, for lookup directories. */
function position(options: Resolved): { cwd: string; project: string | undefined } {
  const cwd = hostDir({ cwd: options.cwd, from: options.from });
  if (options.from === undefined) return { cwd, project: undefined };
  const project = readRoles({ cwd: options.cwd, from: options.from }).project;
  return { cwd, project: project && project.kind !== 'host' ? project.dir : undefined };
}

function explainWith(name: string, all: EntryPoints, options: Resolved): Explanation {
  const { cwd, project } = position(options);
  const pm = packageManagerOf(cwd);
  const fromDiagnostic = advise(pm);
  const env = options.env ?? process.env;
  const mine = all.toArray().filter((ep) => ep.package.name === name || ep.package.installedAs === name);
  const inScope = options.group === undefined ? mine : mine.filter((ep) => ep.group === options.group);
  const findings: Finding[] = all.diagnostics.filter((d) => d.package === name).map(fromDiagnostic);
  const about = { package: name };
  const lookups = lookupDirs({ cwd, project, paths: options.paths ?? [], env });
  const visible = lookups
    .map((l) => join(l.dir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir: realDir(dir),
      visible: true,
      version: readManifest(join(dir, 'package.json'))?.version ?? '',
    }));
  const installed: { dir: string; visible: boolean; version: string }[] = [...visible];
  const first = visible[0];

  if (inScope.length) {
    const groups = [...new Set(inScope.map((ep) => ep.group))];
    const where = first ? ` from ${first.dir}` : '';
    findings.unshift({
      code: 'discovered',
      severity: 'info',
      message: `${name}: discovered ${inScope.length} entry point${inScope.length === 1 ? '' : 's'} in ${groups.map((g) => `'${g}'`).join(', ')}${where}`,
      hint: `See one with \`plugboard show ${inScope[0]!.group} ${inScope[0]!.name}\`.`,
      ...about,
    });
  }
  if (!first) {
    const nested = findNested(name, lookups);
    installed.push(...nested.map((n) => ({ dir: n.dir, visible: false, version: n.version })));
    for (const n of nested) {
      findings.push({
        code: 'nested',
        severity: 'error',
        message: `${name}: not visible from ${cwd}: installed nested under ${n.parent}, which only ${n.owner} can import`,
        hint: `Add ${name} to the host's own dependencies (${addCommand(pm, name)}) so it is installed where the host can import it, or put its folder on PLUGBOARD_PATH.`,
        path: n.dir,
        ...about,
      });
    }
    if (!nested.length) {
      const host = hostManifest(cwd);
      const deps = host?.manifest;
      const declared =
        deps && DEPENDENCY_FIELDS.find((field) => isRecord(deps[field]) && name in (deps[field] as object));
      findings.push({
        code: 'not-installed',
        severity: 'error',
        message: declared
          ? `${name}: not installed: ${host!.path} declares it in ${declared}, but no node_modules from ${cwd} holds it`
          : `${name}: not installed: no lookup directory from ${cwd} holds it`,
        hint: declared
          ? `Run \`${pm} install\` in the host.`
          : `Install it (${addCommand(pm, name)}), or put the folder that holds it on PLUGBOARD_PATH.`,
        ...about,
      });
    }
  } else if (!mine.length) {
    const manifest = readManifest(join(first.dir, 'package.json'));
    const manifestPath = join(first.dir, 'package.json');
    const misspelled =
      manifest && Object.keys(manifest).find((key) => key !== 'entryPoints' && /^entry[-_]?points?$/i.test(key));
    if (misspelled) {
      findings.push({
        code: 'misspelled-field',
        severity: 'error',
        message: `${name}: ${manifestPath} has "${misspelled}", not "entryPoints"`,
        hint: 'Rename the field to "entryPoints" (camelCase, plural) and publish again.',
        path: manifestPath,
        ...about,
      });
    } else if (manifest && manifest.entryPoints === undefined) {
      // Another version may be the plugin: nested under a package that needs it, where only that
      // package can import it, while the copy the host sees is an older or newer one without.
      const declaring = findNested(name, lookups).filter((n) => n.groups.length);
      installed.push(...declaring.map((n) => ({ dir: n.dir, visible: false, version: n.version })));
      findings.push({
        code: 'no-entry-points',
        severity: 'error',
        message: `${name}: no entryPoints field in ${manifestPath}${declaring.length ? ` (the copy the host imports, ${name}@${first.version})` : ''}`,
        hint: 'A plugin declares itself with "entryPoints": { "<group>": { "<name>": "./module:attr" } } in its package.json.',
        path: manifestPath,
        ...about,
      });
      for (const n of declaring) findings.push(versionConflict(name, first, n, pm));
    }
  }
  for (const ep of inScope) {
    const f = moduleFinding(ep);
    if (f) findings.push(f);
  }
  if (options.group !== undefined && inScope.length) {
    findings.push(
      ...policyFindings(managedGroup(options.group, options), all.diagnostics, fromDiagnostic).filter(
        (f) => f.package === name || f.package === inScope[0]!.package.installedAs,
      ),
    );
  }
  const declaredGroups = [...new Set(mine.map((ep) => ep.group))];
  findings.push(...groupTypos(all, options, name));
  if (options.group !== undefined && mine.length && !inScope.length && !findings.some((f) => f.code === 'group-typo')) {
    findings.push({
      code: 'not-in-group',
      severity: 'error',
      message: `${name}: declares ${declaredGroups.map((g) => `'${g}'`).join(', ')}, but nothing in '${options.group}'`,
      hint: `Declare its entry under "entryPoints": { "${options.group}": { … } }.`,
      ...about,
    });
  }
  return { package: name, discovered: inScope.length > 0, entryPoints: inScope, installed, findings };
}

/**
 * A nested copy of `name` that declares entry points while the copy the host sees does not: the
 * package manager nested it because its owner asks for a version the host's copy is not.
 */
function versionConflict(
  name: string,
  visible: { readonly dir: string; readonly version: string },
  nested: NestedCopy,
  pm: PackageManagerName,
): Finding {
  const ownerManifest = readManifest(join(dirname(nested.parent), 'package.json'));
  const field = DEPENDENCY_FIELDS.find(
    (f) => isRecord(ownerManifest?.[f]) && typeof ownerManifest[f][name] === 'string',
  );
  const asks = field ? ` (its ${field} ask for ${name}@${ownerManifest![field][name]})` : '';
  const at = nested.version ? `${name}@${nested.version}` : name;
  return {
    code: 'nested',
    severity: 'error',
    message: `${name}: ${at} declares entry points (${nested.groups.map((g) => `'${g}'`).join(', ')}) but is nested under ${nested.parent}, which only ${nested.owner} can import${asks}; the host imports ${name}@${visible.version} from ${visible.dir}, which declares none: a version conflict`,
    hint: `To load the plugin, make the host depend on the version that declares it (${addCommand(pm, at)}), so it is installed where the host can import it; \`${whyCommand(pm, name)}\` shows both copies.`,
    path: nested.dir,
    package: name,
  };
}

/**
 * Packages that declare entry points but sit in another package's node_modules, where the host
 * cannot see them: a warning when they declare the group asked about, else information (they may
 * be some dependency's own plugins).
 */
function nestedPlugins(all: EntryPoints, options: Resolved): Finding[] {
  const { cwd, project } = position(options);
  const lookups = lookupDirs({ cwd, project, paths: options.paths ?? [], env: options.env ?? process.env });
  const visible = new Set(all.toArray().map((ep) => ep.package.name));
  return findNested(undefined, lookups)
    .filter((n) => !visible.has(n.name) && (options.group === undefined || n.groups.includes(options.group)))
    .map((n) => ({
      code: 'nested',
      severity: options.group === undefined ? 'info' : 'warning',
      message: `${n.name}${n.version ? `@${n.version}` : ''} declares entry points (${n.groups.map((g) => `'${g}'`).join(', ')}) but is nested under ${n.parent}, which only ${n.owner} can import`,
      hint: `If the host should load it, add ${n.name} to the host's own dependencies; \`plugboard doctor ${n.name}\` explains more.`,
      path: n.dir,
      package: n.name,
    }));
}

/**
 * The group's policy diagnostics (incompatible, untrusted, blocked, …), from the group manager's own
 * `discover()`, so doctor and the host agree on what a group refuses. Discovery's diagnostics,
 * already reported, are left out.
 */
/** The group's entry points after its policies, as `defineGroup(group, policies).discover()` gives them. */
function managedGroup(group: string, options: Resolved): EntryPoints {
  return defineGroup(group, {
    ...options.policies,
    ...(options.from === undefined ? {} : { from: options.from }),
    cwd: options.cwd,
    env: options.env,
    paths: options.paths,
  }).discover();
}

/**
 * With `--group` and no `--host`: the folder of the installed host that declares the group, so the
 * group is evaluated as that host runs it (its declaration's defaults and meta schema), as doctor
 * does without `--group`. `undefined` when none does, or the project itself declares it.
 */
function declaredBy(given: ExplainOptions): string | undefined {
  if (given.host !== undefined || given.group === undefined) return undefined;
  const own = hostManifest(hostDir({ cwd: given.cwd }));
  const hosts = declaringHosts({ cwd: given.cwd, env: given.env, paths: given.paths });
  const host = hosts.groups.find((d) => d.group === given.group)?.host;
  return host === undefined || host.manifestPath === own?.path ? undefined : host.dir;
}

/** The findings of the groups installed hosts declare: invalid declarations, typos of them, and each group's refusals. */
function declaredFindings(
  all: EntryPoints,
  options: Resolved,
  fromDiagnostic: (d: Diagnostic) => Finding,
): { findings: Finding[]; typos: Set<string> } {
  // With --host, that host's declarations; else those of every host the project has installed.
  const at = options.from === undefined ? undefined : hostManifest(options.from);
  const hosts = at?.manifest
    ? readDeclarations(at.manifest, at.path)
    : declaringHosts({ cwd: options.cwd, env: options.env, paths: options.paths });
  const typos = declaredGroupTypos(all, hosts.groups);
  const findings = [...hosts.diagnostics, ...typos].map(fromDiagnostic);
  const seen = new Set(findings.map((f) => `${f.code}\0${f.message}`));
  for (const { group, host } of hosts.groups) {
    // The host's folder: the group as that host runs it in this project, its declaration included.
    const { accepted } = evaluateHost({
      host: host.dir,
      group,
      cwd: options.cwd,
      env: options.env,
      paths: options.paths,
    });
    for (const f of policyFindings(accepted, all.diagnostics, fromDiagnostic)) {
      if (seen.has(`${f.code}\0${f.message}`)) continue;
      seen.add(`${f.code}\0${f.message}`);
      findings.push(f);
    }
  }
  return { findings, typos: new Set(typos.map((d) => `${d.package}\0${d.group}`)) };
}

function policyFindings(
  managed: EntryPoints,
  already: readonly Diagnostic[],
  fromDiagnostic: (d: Diagnostic) => Finding,
): Finding[] {
  const seen = new Set(already.map((d) => `${d.code}\0${d.message}`));
  return managed.diagnostics.filter((d) => !seen.has(`${d.code}\0${d.message}`)).map(fromDiagnostic);
}

/**
 * For a host installed globally: how to install plugins beside it, and each plugin that `npm i -g`
 * gave a copy of the host of its own. npm 7+ installs peer dependencies, and a global package is a
 * root of its own, so the global host beside it does not count: npm installs (or, not finding it
 * in the registry, fails to fetch) the plugin's peer `mdgen` into the plugin's own node_modules.
 */
function globalFindings(position: HostPosition, scope: EntryPoints): Finding[] {
  const name = position.host?.name;
  if (position.project?.kind !== 'global' || !name) return [];
  const found: Finding[] = [
    {
      code: 'global-host',
      severity: 'info',
      message: `${name}: installed globally (${position.from}): its plugins are the packages installed globally beside it, in ${position.project.dir}`,
      hint: `Install a plugin with \`npm i -g <plugin> --legacy-peer-deps\` (\`pnpm add -g <plugin>\` under pnpm): without --legacy-peer-deps, npm installs the plugin's peer dependency on ${name} again, from the registry, inside the plugin.`,
    },
  ];
  const seen = new Set<string>();
  for (const ep of scope) {
    if (seen.has(ep.package.dir)) continue;
    seen.add(ep.package.dir);
    const peers = readManifest(join(ep.package.dir, 'package.json'))?.peerDependencies;
    const copy = join(ep.package.dir, 'node_modules', name);
    if (!isRecord(peers) || typeof peers[name] !== 'string' || !existsSync(join(copy, 'package.json'))) continue;
    found.push({
      code: 'peer-copy',
      severity: 'warning',
      message: `${ep.package.name}: has a copy of its peer dependency '${name}' of its own (${copy}), installed by \`npm i -g\`, which does not count the global ${name} as its peer`,
      hint: `Reinstall it with \`npm i -g ${ep.package.name} --legacy-peer-deps\`, so that it uses the global ${name} and no second copy is fetched from the registry.`,
      path: copy,
      package: ep.package.name,
    });
  }
  return found;
}

/** A diagnostic as a finding, with advice in the commands of the project's package manager `pm`. */
function advise(pm: PackageManagerName): (d: Diagnostic) => Finding {
  return (d) => {
    // The group's own policies working as configured (an allow list, a 'first'/'last' conflicts
    // policy) are worth showing, but are not problems: doctor must be able to pass with them.
    const severity = CONFIGURED.has(d.code) ? 'info' : d.severity;
    const hint =
      d.code === 'shadowed'
        ? `The host imports the nearer copy. Remove or update one of them (\`${whyCommand(pm, d.package ?? '<package>')}\` shows both).`
        : d.code === 'no-lookup-dirs'
          ? `Nothing is installed where the host looks: run \`${pm} install\` in the host, or point --cwd (the cwd option) at the host package.`
          : ADVICE[d.code];
    return { ...d, severity, hint };
  };
}

const CONFIGURED: ReadonlySet<Diagnostic['code']> = new Set(['not-allowed', 'overridden']);

/**
 * Groups that are a typo away from another group. A group is the typo when the other one is the
 * group asked about (or a known group), or is used by more packages; with no way to tell, the pair
 * is reported once, as "one of them is probably a typo". With `only`, just that package's groups.
 */
function groupTypos(all: EntryPoints, options: ExplainOptions, only?: string): Finding[] {
  const users = new Map<string, { packages: Set<string>; dir: string }>();
  for (const ep of all) {
    const entry = users.get(ep.group) ?? { packages: new Set<string>(), dir: ep.package.dir };
    entry.packages.add(ep.package.name);
    users.set(ep.group, entry);
  }
  const authoritative = new Set(options.knownGroups ?? []);
  if (options.group !== undefined) authoritative.add(options.group);
  const found: Finding[] = [];
  for (const [group, { packages, dir }] of users) {
    if (authoritative.has(group)) continue;
    const others = [...authoritative, ...users.keys()].filter(
      (g) => g !== group && didYouMean(group, [g]) !== undefined,
    );
    // The nearest authoritative group wins; else the most used; else report the pair. Asked about
    // one group (`doctor --group g`), only typos of that group (or a known one) concern it.
    const scoped = options.group !== undefined;
    const right =
      others.find((g) => authoritative.has(g)) ??
      (scoped ? undefined : others.filter((g) => (users.get(g)?.packages.size ?? 0) > packages.size).sort()[0]);
    if (right === undefined && scoped) continue;
    for (const pkg of [...packages].sort()) {
      if (only !== undefined && pkg !== only) continue;
      const manifest = join(dir, 'package.json');
      if (right !== undefined) {
        found.push({
          code: 'group-typo',
          severity: 'warning',
          message: `${pkg}: declares group '${group}': did you mean '${right}'?`,
          hint: `Rename the group to '${right}' in ${manifest} if that is the group the host reads.`,
          path: manifest,
          package: pkg,
          group,
        });
        continue;
      }
      for (const other of others.filter((g) => users.get(g)?.packages.size === packages.size)) {
        // Report a pair of equals once in a full report, but to each side when asked about one.
        if (only === undefined && other < group) continue;
        const them = [...users.get(other)!.packages].sort().join(', ');
        found.push({
          code: 'group-typo',
          severity: 'warning',
          message: `${pkg}: declares group '${group}', and ${them} declares '${other}': one of them is probably a typo`,
          hint: 'Use the group the host reads; `plugboard doctor --group <group>` tells which package is off.',
          path: manifest,
          package: pkg,
          group,
        });
      }
    }
  }
  return found;
}

/** Why `ep`'s module does not resolve, in the terms a host author can act on; undefined when it does. */
function moduleFinding(ep: EntryPoint): Finding | undefined {
  let failure: ModuleNotFoundError;
  try {
    ep.resolve();
    return undefined;
  } catch (error) {
    if (!(error instanceof ModuleNotFoundError)) throw error;
    failure = error;
  }
  const missing = failure.path;
  const at = { package: ep.package.name, group: ep.group, name: ep.name, path: missing };
  const id = `${ep.package.name}${ep.package.version ? `@${ep.package.version}` : ''}`;
  const manifest = readManifest(join(ep.package.dir, 'package.json'));
  const files = Array.isArray(manifest?.files)
    ? (manifest.files as unknown[]).filter((f): f is string => typeof f === 'string')
    : undefined;
  const rel = relative(ep.package.dir, missing).split(sep).join('/');
  // A linked package is its source folder: nothing was published, so nothing was left out.
  if (!ep.package.linked && files && !coveredByFiles(rel, files)) {
    return {
      code: 'not-published',
      severity: 'error',
      message: `${id}: entry '${ep.name}' in group '${ep.group}' points to '${ep.module}', but ${rel} is missing from the installed package: its "files" (${JSON.stringify(files)}) leave it out of the published files`,
      hint: `Add ${rel} to "files" in ${ep.package.name}'s package.json and publish again; \`plugboard check\` in its source catches this before publishing.`,
      ...at,
    };
  }
  return {
    code: 'module-not-found',
    severity: 'error',
    message: `${id}: entry '${ep.name}' in group '${ep.group}' has value '${ep.value}', which does not resolve: ${failure.detail}`,
    // Only a missing file is cured by building: not a subpath the exports map lacks, nor a refused target.
    hint:
      ep.package.linked && failure.reason === 'file-missing'
        ? `Build ${ep.package.name} (its folder is linked, so its build output must exist), or fix the value.`
        : `Fix the value or the "exports" of ${ep.package.name}, and check that the file is published ("files", .npmignore); \`plugboard check\` in its source finds both.`,
    ...at,
  };
}

/** Whether npm's `files` list keeps `rel`, for the common forms: a file, a folder, a simple glob. */
function coveredByFiles(rel: string, files: readonly string[]): boolean {
  return files.some((entry) => {
    const clean = entry.replace(/^\.?\//, '').replace(/\/+$/, '');
    if (clean === '' || clean === '*' || clean === '**') return true;
    if (rel === clean || rel.startsWith(`${clean}/`)) return true;
    if (!/[*?[]/.test(clean)) return false;
    const source = clean
      .split('/')
      .map((part) =>
        part === '**'
          ? '.*'
          : part
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/');
    return new RegExp(`^${source}(?:/.*)?$`).test(rel);
  });
}

interface NestedCopy {
  readonly name: string;
  readonly dir: string;
  /** The node_modules it sits in. */
  readonly parent: string;
  /** The package that owns that node_modules (the only one that can import the copy). */
  readonly owner: string;
  readonly version: string;
  /** The groups its package.json declares. */
  readonly groups: readonly string[];
}

/**
 * Packages inside other packages' node_modules (and pnpm's store), below the lookup dirs: copies of
 * `name`, or, without a name, every nested package that declares entry points.
 */
function findNested(name: string | undefined, lookups: readonly LookupDir[]): NestedCopy[] {
  const found: NestedCopy[] = [];
  const seen = new Set<string>();
  // Bound the walk: a doctor run must stay quick on a huge tree.
  let budget = 20_000;
  const record = (pkgDir: string, parent: string, owner: string, folder: string) => {
    const manifestPath = join(pkgDir, 'package.json');
    if (name !== undefined && (folder !== name || !existsSync(manifestPath))) return;
    // Through the one reader (a FIFO package.json must not hang the walk); a package without a
    // top-level entryPoints field is not a plugin, as discovery decides.
    const manifest = readManifest(manifestPath);
    const groups = isRecord(manifest?.entryPoints) ? Object.keys(manifest.entryPoints) : [];
    if (name === undefined && !groups.length) return;
    found.push({
      name: folder,
      dir: realDir(pkgDir),
      parent,
      owner,
      version: typeof manifest?.version === 'string' ? manifest.version : '',
      groups,
    });
  };
  const walk = (nodeModules: string, depth: number, owner: string | undefined) => {
    if (depth > 8 || budget <= 0) return;
    let real: string;
    try {
      real = realpathSync(nodeModules);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const folder of packageFolders(nodeModules)) {
      budget--;
      if (owner !== undefined) record(join(nodeModules, folder), nodeModules, owner, folder);
      walk(join(nodeModules, folder, 'node_modules'), depth + 1, folder);
    }
    if (name === undefined) return;
    // pnpm keeps every package in node_modules/.pnpm/<name>@<version>/node_modules/<name>; the host
    // sees only the ones linked into its own node_modules.
    const store = join(nodeModules, '.pnpm');
    for (const entry of safeReaddir(store)) {
      if (entry.startsWith(`${name.replace('/', '+')}@`))
        record(
          join(store, entry, 'node_modules', name),
          join(store, entry, 'node_modules'),
          `pnpm's store (${entry})`,
          name,
        );
    }
  };
  for (const lookup of lookups) if (lookup.origin === 'node_modules') walk(lookup.dir, 0, undefined);
  return found;
}

function packageFolders(nodeModules: string): string[] {
  const folders: string[] = [];
  for (const entry of safeReaddir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of safeReaddir(join(nodeModules, entry))) folders.push(`${entry}/${sub}`);
    else folders.push(entry);
  }
  return folders;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function readManifest(path: string): Record<string, any> | undefined {
  const read = readPackageJsonFile(path);
  return 'manifest' in read ? read.manifest : undefined;
}

function isRecord(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
