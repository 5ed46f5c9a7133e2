/**
 * `checkPackage`: what a plugin author runs before publishing (`plugboard check` in
 * `prepublishOnly`). It checks the package's own `entryPoints` against the JSON Schema and the
 * naming rules, that every module resolves through the package's own `exports`, that npm would
 * publish every file an entry resolves to, and (with `load`) that every attribute exists.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, DiagnosticCode } from '../core/index.js';
import type { EntryPoint } from '../entry-points/index.js';
import { describe, PlugboardError } from '../core/index.js';
import { ModuleNotFoundError } from '../entry-points/index.js';
import { describeExport, type ExportDescription } from './doctor.js';
import { duplicateKeys, readDeclarations, readEntryPoints, readPackageJson } from '../discovery/index.js';
import { ownFile } from './own.js';
import { loadForTool, TOOL_LOAD_TIMEOUT } from './load.js';
import { metaProblems, pluginOf } from '../group/index.js';
import { declaringHosts } from './declaring-hosts.js';

/** What `checkPackage` can find wrong. */
export type CheckCode =
  | DiagnosticCode
  /** There is no package.json in the folder. */
  | 'no-manifest'
  /** A key appears twice in the same object of `entryPoints` (JSON keeps the last one only). */
  | 'duplicate-key'
  /** package.json has no `entryPoints`. */
  | 'no-entry-points'
  /** package.json breaks a JSON Schema (schema/entry-points.schema.json, schema/entry-point-groups.schema.json). */
  | 'schema'
  /** An entry's module does not resolve through the package's `exports` (or to a file). */
  | 'module-not-found'
  /** An entry's module resolves, but `npm pack` would leave the file out. */
  | 'not-published'
  /** `npm pack --dry-run` failed, so the published files were not checked (a warning). */
  | 'packlist-failed'
  /** With `load`: importing the module threw. */
  | 'import-failed'
  /** With `load`: the module has no such attribute. */
  | 'attribute-missing'
  /** With `load`: the import did not finish within `timeout` (a top-level await that never settles). */
  | 'timeout';

/** One problem `checkPackage` found. */
export interface CheckProblem {
  readonly code: CheckCode;
  readonly severity: 'error' | 'warning';
  /** A sentence naming the package and the file. */
  readonly message: string;
  /** The file to open. */
  readonly path: string;
  readonly group?: string;
  readonly name?: string;
}

/** What was checked for one declared entry point. */
export interface CheckedEntry {
  readonly group: string;
  readonly name: string;
  readonly value: string;
  /** The file it resolves to, relative to the package (`/`-separated), or `null`. */
  readonly module: string | null;
  /** Whether `npm pack` would publish that file (`undefined` when unknown). */
  readonly published?: boolean;
  /** With `load`: what it turned out to be. */
  readonly export?: ExportDescription;
}

/** The result of `checkPackage`. */
export interface CheckReport {
  /** The package folder. */
  readonly dir: string;
  readonly package?: string;
  readonly version?: string;
  readonly entries: readonly CheckedEntry[];
  /** Whether package.json passes schema/entry-points.schema.json (`undefined` before it could be read). */
  readonly schemaValid?: boolean;
  /** The files `npm pack` would publish, when it could be asked. */
  readonly published?: readonly string[];
  readonly problems: readonly CheckProblem[];
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
}

/** Options of `checkPackage`. */
export interface CheckOptions {
  /**
   * Also import every module and check every attribute exists. Runs the plugin's code.
   * @default false
   */
  readonly load?: boolean;
  /**
   * With `load`: milliseconds each import may take; `0` or `Infinity` for no limit.
   * @default 10000
   */
  readonly timeout?: number;
  /**
   * Ask `npm pack --dry-run` which files would be published.
   * @default true
   */
  readonly packlist?: boolean;
}

/**
 * Checks the plugin package in `dir` before it is published.
 *
 * @param dir the package folder (the one with package.json).
 * @returns every problem found, and what each entry resolved to.
 * @example
 * ```ts
 * const report = await checkPackage('.', { load: true });
 * if (!report.ok) for (const p of report.problems) console.error(p.message);
 * ```
 */
export async function checkPackage(dir: string, options: CheckOptions = {}): Promise<CheckReport> {
  dir = resolve(dir);
  const problems: CheckProblem[] = [];
  const done = (extra: Partial<CheckReport> = {}): CheckReport => ({
    dir,
    entries: [],
    ...extra,
    problems,
    ok: !problems.some((p) => p.severity === 'error'),
  });
  // The checks run in this order, each on what the one before accepted: the package (folder,
  // package.json, name), its "entryPoints" text, its declarations, then each entry's module.
  const target = readTarget(dir, problems);
  if (!target) return done();
  // A host declares the groups it reads (`entryPointGroups`): those declarations are checked too,
  // and a host that declares no entry points of its own is not missing any.
  if (target.manifest.entryPointGroups !== undefined)
    problems.push(...(await declarationProblems(target.manifest, target.manifestPath, target.id)));
  if (!entryPointsText(target, problems)) return done(target.about);
  const { eps, schemaValid } = await declarations(target, problems);
  const published = options.packlist === false ? undefined : await packlist(dir, target.id, problems);
  const entries = await checkEntries(target, eps, published, options, problems);
  return done({
    ...target.about,
    schemaValid,
    entries,
    ...(published ? { published: [...published].sort() } : {}),
  });
}

/** A package folder whose package.json could be read and has a name. */
interface Target {
  readonly dir: string;
  readonly manifestPath: string;
  readonly manifest: Record<string, unknown>;
  readonly text: string;
  readonly name: string;
  readonly version: string;
  /** `name@version`, or the name alone, as messages name the package. */
  readonly id: string;
  readonly about: { readonly package: string; readonly version?: string };
}

/** The folder, its package.json and its name; `undefined` (with the problem) when one is missing. */
function readTarget(dir: string, problems: CheckProblem[]): Target | undefined {
  const manifestPath = join(dir, 'package.json');
  const kind = statSync(dir, { throwIfNoEntry: false });
  if (!kind?.isDirectory()) {
    problems.push({
      code: 'no-manifest',
      severity: 'error',
      message: kind ? `${dir} is not a folder: give the plugin package's folder` : `${dir} does not exist`,
      path: dir,
    });
    return undefined;
  }
  const read = readPackageJson(dir);
  if (!('manifest' in read)) {
    problems.push(
      read.code === 'missing'
        ? { code: 'no-manifest', severity: 'error', message: `no package.json in ${dir}`, path: manifestPath }
        : { code: read.code, severity: 'error', message: read.message, path: manifestPath },
    );
    return undefined;
  }
  const { manifest, text } = read;
  if (typeof manifest.name !== 'string' || manifest.name === '') {
    problems.push({
      code: 'malformed-manifest',
      severity: 'error',
      message: `${manifestPath} must be an object with a non-empty string "name"`,
      path: manifestPath,
    });
    return undefined;
  }
  const name = manifest.name;
  const version = typeof manifest.version === 'string' ? manifest.version : '';
  const about = { package: name, ...(version ? { version } : {}) };
  return { dir, manifestPath, manifest, text, name, version, id: version ? `${name}@${version}` : name, about };
}

/** Whether "entryPoints" is there as discovery reads it; duplicate keys inside it are problems too. */
function entryPointsText(target: Target, problems: CheckProblem[]): boolean {
  const { id, manifestPath, text } = target;
  if (target.manifest.entryPoints === undefined) {
    if (target.manifest.entryPointGroups !== undefined) return false;
    problems.push({
      code: 'no-entry-points',
      severity: 'error',
      message: `${id}: ${manifestPath} has no "entryPoints" field, so no host will discover it`,
      path: manifestPath,
    });
    return false;
  }
  // Discovery parses only the package.json files whose text contains `"entryPoints"` (spec:
  // Discovery); a key spelled with escapes (`"entry\u0050oints"`) parses the same but is never seen.
  if (!text.includes('"entryPoints"')) {
    problems.push({
      code: 'invalid-entry-points',
      severity: 'error',
      message: `${id}: ${manifestPath} spells the "entryPoints" key with escapes; discovery looks for the literal text "entryPoints" and will not see this package: write the key plainly`,
      path: manifestPath,
    });
    return false;
  }
  // JSON.parse keeps the last of two equal keys: a group or entry declared twice lost one silently.
  for (const dup of duplicateKeys(text)) {
    const where = dup.path.length === 0 ? 'the package.json' : dup.path.map((k) => `'${k}'`).join(' > ');
    problems.push({
      code: 'duplicate-key',
      severity: 'error',
      message: `${id} (${manifestPath}): ${where} has the key '${dup.key}' twice; JSON keeps only the last, so the first declaration is lost; remove or rename one`,
      path: manifestPath,
      ...keyAbout(dup.path[1] ?? (dup.path.length === 1 ? dup.key : undefined), 'group'),
      ...keyAbout(dup.path[2] ?? (dup.path.length === 2 ? dup.key : undefined), 'name'),
    });
  }
  return true;
}

/**
 * The entry points as discovery reads them, with the naming rules' problems; the schema is checked
 * too, so what editors validate and what discovery accepts cannot drift apart unnoticed.
 */
async function declarations(
  target: Target,
  problems: CheckProblem[],
): Promise<{ eps: EntryPoint[]; schemaValid: boolean }> {
  const { dir, id, manifestPath, manifest, name, version } = target;
  const diagnostics: Diagnostic[] = [];
  const eps = readEntryPoints(
    {
      name,
      installedAs: name,
      version,
      dir,
      manifestPath,
      manifest,
      origin: 'paths',
      lookupDir: dirname(dir),
      linked: false,
    },
    {},
    (d) => diagnostics.push(d),
  );
  for (const d of diagnostics)
    problems.push({
      code: d.code,
      severity: 'error',
      message: d.message,
      path: d.path,
      ...(d.group ? { group: d.group } : {}),
      ...(d.name ? { name: d.name } : {}),
    });
  // The hosts installed beside the plugin (its devDependencies) check each entry's meta against
  // the schema they declare for its group: said here, before publishing, rather than by the host.
  if (!diagnostics.length && eps.length) {
    const declared = declaringHosts({ cwd: dir }).groups.filter((d) => d.meta !== undefined);
    for (const d of metaProblems(eps, declared))
      problems.push({
        code: d.code,
        severity: 'error',
        message: d.message,
        path: d.path,
        ...(d.group ? { group: d.group } : {}),
        ...(d.name ? { name: d.name } : {}),
      });
  }
  const schema = await schemaErrors(manifest);
  // The naming rules already said it better; schema messages only add what the rules missed.
  if (!diagnostics.length) {
    for (const message of schema)
      problems.push({
        code: 'schema',
        severity: 'error',
        message: `${id}: ${message} (${manifestPath})`,
        path: manifestPath,
      });
  }
  return { eps, schemaValid: schema.length === 0 };
}

/** Each entry's module: resolved, published, and with `load`, imported from what npm would publish. */
async function checkEntries(
  target: Target,
  eps: readonly EntryPoint[],
  published: ReadonlySet<string> | undefined,
  options: CheckOptions,
  problems: CheckProblem[],
): Promise<CheckedEntry[]> {
  const entries: CheckedEntry[] = [];
  const load = options.load === true ? { timeout: options.timeout ?? TOOL_LOAD_TIMEOUT } : undefined;
  // A package that works from its source folder can still break once installed: a file it
  // requires that "files" leaves out. So --load imports what npm pack would publish, copied to a
  // temporary folder, with the source's node_modules linked in for its own dependencies.
  const staged = load && published ? stagePublished(target.dir, published, target.manifest) : undefined;
  try {
    for (const ep of eps) {
      const loadable = staged?.entries.find((s) => s.group === ep.group && s.name === ep.name);
      entries.push(
        await checkEntry(
          ep,
          target.id,
          target.dir,
          published,
          load && { ...load, ep: loadable ?? ep, staged: staged?.dir },
          problems,
        ),
      );
    }
  } finally {
    if (staged) rmSync(staged.dir, { recursive: true, force: true });
  }
  return entries;
}

function keyAbout(value: string | undefined, field: 'group' | 'name'): { group?: string; name?: string } {
  return value === undefined ? {} : { [field]: value };
}

async function checkEntry(
  ep: EntryPoint,
  id: string,
  dir: string,
  published: ReadonlySet<string> | undefined,
  load: { readonly timeout: number; readonly ep: EntryPoint; readonly staged: string | undefined } | undefined,
  problems: CheckProblem[],
): Promise<CheckedEntry> {
  const at = { group: ep.group, name: ep.name };
  const base = { group: ep.group, name: ep.name, value: ep.value };
  let file: string;
  try {
    file = ep.resolve();
  } catch (error) {
    if (!(error instanceof ModuleNotFoundError)) throw error;
    const unbuilt =
      error.path !== undefined && !existsSync(dirname(error.path))
        ? ` (${relative(dir, dirname(error.path))}/ does not exist: is the package built?)`
        : '';
    problems.push({
      code: 'module-not-found',
      severity: 'error',
      message: `${id}: entry '${ep.name}' in group '${ep.group}': cannot resolve module '${ep.module}': ${error.detail}${unbuilt}`,
      path: error.path ?? dir,
      ...at,
    });
    return { ...base, module: null };
  }
  const rel = relative(dir, file).split(sep).join('/');
  const entry: { -readonly [K in keyof CheckedEntry]: CheckedEntry[K] } = { ...base, module: rel };
  if (published) {
    entry.published = published.has(rel);
    if (!entry.published) {
      problems.push({
        code: 'not-published',
        severity: 'error',
        message: `${id}: entry '${ep.name}' in group '${ep.group}' resolves to ${rel}, which npm pack leaves out of the package (see "files", .npmignore or .gitignore)`,
        path: file,
        ...at,
      });
    }
  }
  // An unpublished module is reported already; the published copy has nothing to import for it.
  if (load && !(load.staged !== undefined && entry.published === false)) {
    try {
      entry.export = describeExport(pluginOf(load.ep, await loadForTool(load.ep, load.timeout)));
    } catch (error) {
      const code =
        error instanceof PlugboardError && (error.code === 'attribute-missing' || error.code === 'timeout')
          ? error.code
          : 'import-failed';
      // The error names the package and its package.json; the report's prefix already does.
      let message = describe(error)
        .replace(/^\w+Error: /, '')
        .replace(/^entry point .*?\(.*?\): /, `entry '${ep.name}' in group '${ep.group}': `);
      // Paths in the temporary copy are named as the source files they stand for.
      if (load.staged !== undefined)
        message = `${message.split(load.staged).join(dir)} (imported from the files npm pack would publish)`;
      problems.push({ code, severity: 'error', message: `${id}: ${message}`, path: file, ...at });
    }
  }
  return entry;
}

/**
 * The files `npm pack` would publish, from npm itself (`npm pack --dry-run --json`): `files`,
 * .npmignore, .gitignore and npm's always-included and never-included lists are npm's rules, not
 * ours to re-implement. `--ignore-scripts` because `prepack` may build or fail.
 */
async function packlist(dir: string, id: string, problems: CheckProblem[]): Promise<Set<string> | undefined> {
  try {
    // Lazy: `import 'plugboard'` must not pay for child_process.
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        // Inside `npm publish` (prepublishOnly) npm exports its config as npm_config_*; a nested
        // `npm pack` must not inherit publish's dry-run or json settings from there.
        env: Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
        ),
        shell: process.platform === 'win32',
      },
    );
    const [info] = JSON.parse(out) as [{ files: { path: string }[] }];
    return new Set(info.files.map((f) => f.path));
  } catch (error) {
    // npm --json puts its reason on stdout ({ error: { summary } }); the exec error only says that
    // the command failed.
    let reason = describe(error).split('\n')[0];
    try {
      const summary = (
        JSON.parse(String((error as { stdout?: unknown }).stdout ?? '')) as { error?: { summary?: unknown } }
      ).error?.summary;
      if (typeof summary === 'string' && summary) reason = summary;
    } catch {
      // Not JSON: keep the exec error.
    }
    problems.push({
      code: 'packlist-failed',
      severity: 'warning',
      message: `${id}: could not ask npm which files it would publish (npm pack --dry-run: ${reason}); published files were not checked`,
      path: join(dir, 'package.json'),
    });
    return undefined;
  }
}

/**
 * Copies the files npm pack would publish into a new temporary folder, and links the nearest
 * node_modules at or above `dir` into it, so the copy resolves the package's own dependencies as
 * the source does (an installed package finds them beside it instead; the same versions).
 */
function stagePublished(
  dir: string,
  published: ReadonlySet<string>,
  manifest: Record<string, unknown>,
): { readonly dir: string; readonly entries: readonly EntryPoint[] } {
  // The real path: Node names modules by it, and error messages are mapped back by it.
  const staged = realpathSync(mkdtempSync(join(tmpdir(), 'plugboard-check-')));
  for (const file of published) {
    mkdirSync(dirname(join(staged, file)), { recursive: true });
    cpSync(join(dir, file), join(staged, file));
  }
  for (let at = dir; ; at = dirname(at)) {
    const nodeModules = join(at, 'node_modules');
    if (existsSync(nodeModules)) {
      // A junction on Windows needs no privilege, unlike a symlink.
      symlinkSync(nodeModules, join(staged, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir');
      break;
    }
    if (dirname(at) === at) break;
  }
  const name = manifest.name as string;
  const entries = readEntryPoints(
    {
      name,
      installedAs: name,
      version: typeof manifest.version === 'string' ? manifest.version : '',
      dir: staged,
      manifestPath: join(staged, 'package.json'),
      manifest,
      origin: 'paths',
      lookupDir: tmpdir(),
      linked: false,
    },
    {},
    () => {},
  );
  return { dir: staged, entries };
}

/**
 * What is wrong with a host's `entryPointGroups`: what the reader ignores (`invalid-declaration`),
 * meta schemas that do not compile, and, when the reader found nothing, what the JSON Schema
 * (schema/entry-point-groups.schema.json) still refuses.
 */
async function declarationProblems(
  manifest: Record<string, unknown>,
  manifestPath: string,
  id: string,
): Promise<CheckProblem[]> {
  const read = readDeclarations(manifest, manifestPath);
  const problems: CheckProblem[] = read.diagnostics.map((d) => ({
    code: d.code,
    severity: 'error',
    message: d.message,
    path: d.path,
    ...(d.group ? { group: d.group } : {}),
  }));
  const { Ajv } = await import('ajv');
  for (const d of read.groups) {
    if (d.meta === undefined) continue;
    try {
      new Ajv({ strict: false }).compile(d.meta);
    } catch (error) {
      problems.push({
        code: 'invalid-declaration',
        severity: 'error',
        message: `${id} (${manifestPath}): group '${d.group}' in "entryPointGroups" has a meta schema that does not compile: ${(error as Error).message}; fix it, or hosts check no entry's meta`,
        path: manifestPath,
        group: d.group,
      });
    }
  }
  if (!problems.length) {
    for (const message of await schemaErrors(manifest, 'schema/entry-point-groups.schema.json'))
      problems.push({
        code: 'schema',
        severity: 'error',
        message: `${id}: ${message} (${manifestPath})`,
        path: manifestPath,
      });
  }
  return problems;
}

/** Messages for every way `manifest` breaks one of plugboard's JSON Schemas. Loads ajv lazily. */
async function schemaErrors(
  manifest: Record<string, unknown>,
  file = 'schema/entry-points.schema.json',
): Promise<string[]> {
  const schema = JSON.parse(readFileSync(ownFile(file), 'utf8')) as Record<string, unknown>;
  const { Ajv } = await import('ajv');
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath
      ? e.instancePath
          .slice(1)
          .split('/')
          .map((p) => `"${p.replace(/~1/g, '/').replace(/~0/g, '~')}"`)
          .join(' › ')
      : 'package.json';
    const key = (e.params as { propertyName?: string }).propertyName;
    return `${where}${key ? ` key "${key}"` : ''} ${e.message ?? 'is invalid'} (JSON Schema ${e.schemaPath})`;
  });
}
