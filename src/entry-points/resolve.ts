/**
 * Resolves an entry point's `<module>` exactly as Node resolves the self-reference
 * `<package name>/<subpath>` from an ES module: through the package's `exports` map with the
 * conditions `import`, `node`, `module-sync` (where the runtime matches it) and `default`, refusing
 * what Node refuses (a subpath the map does not export, folder mappings, targets that do not start
 * with `./` or that have `..` or `node_modules` segments); without `exports`, as a file path with
 * Node's extension and index rules. Unlike Node, it refuses a file whose real path leaves the
 * package's real directory (docs/spec.md), and it never throws: a file system error is a reason.
 */
import { isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { describe } from '../core/index.js';
import type { ModuleNotFoundReason } from './errors.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { realpathSync, statSync } = process.getBuiltinModule('node:fs');

/** Where a module resolved to, or why it did not. */
export type Resolution =
  | { readonly ok: true; readonly path: string }
  | {
      readonly ok: false;
      readonly path: string;
      readonly reason: ModuleNotFoundReason;
      readonly detail: string;
      readonly cause?: unknown;
    };

type Refusal = Extract<Resolution, { ok: false }>;

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.json', '.node'];

/**
 * Node matches `module-sync` when it can require() ES modules (20.19+, 22.12+), as does Deno; Bun
 * says it can but does not match the condition.
 */
const CONDITIONS =
  process.features.require_module === true && process.versions.bun === undefined ? ['node', 'module-sync'] : ['node'];
const CONDITION_NAMES = `${CONDITIONS.includes('module-sync') ? 'import/node/module-sync' : 'import/node'}/default`;

/**
 * Resolves `module` (`.` or `./subpath`) inside the package at `dir` whose package.json is `manifest`.
 * Never throws: the result says why a module did not resolve, file system errors included.
 */
export function resolveModule(dir: string, manifest: Readonly<Record<string, unknown>>, module: string): Resolution {
  const refuse = (path: string, reason: ModuleNotFoundReason, detail: string, cause?: unknown): Refusal =>
    cause === undefined ? { ok: false, path, reason, detail } : { ok: false, path, reason, detail, cause };
  if (manifest.exports !== undefined && manifest.exports !== null) {
    const manifestPath = join(dir, 'package.json');
    let targets: readonly string[] | undefined;
    try {
      targets =
        exportsResolver().exports(manifest as { name: string; exports: never }, module, { conditions: CONDITIONS }) ??
        undefined;
    } catch (error) {
      return refuse(
        manifestPath,
        'not-exported',
        `package.json "exports" does not export '${module}' for the conditions ${CONDITION_NAMES} (${(error as Error).message})`,
      );
    }
    if (!exportsSubpath(manifest.exports, module)) {
      // resolve.exports still honours folder mappings ("./dir/"), which Node dropped in v17.
      return refuse(
        manifestPath,
        'folder-mapping',
        `package.json "exports" does not export '${module}': only a folder mapping matches it, which Node no longer supports; use a "./dir/*" pattern`,
      );
    }
    const target = targets?.[0];
    if (!target) return refuse(manifestPath, 'not-exported', `package.json "exports" maps '${module}' to nothing`);
    const refused = invalidTarget(target);
    if (refused) {
      return refuse(
        manifestPath,
        'invalid-target',
        `package.json "exports" maps '${module}' to '${target}', which Node refuses: ${refused}`,
      );
    }
    const file = resolvePath(dir, target);
    const said = `package.json "exports" maps '${module}' to '${target}'`;
    const found = probe(file);
    if (found === 'none') return refuse(file, 'file-missing', `${said}, which does not exist`);
    if (found === 'other') return refuse(file, 'not-a-file', `${said}, which is not a file`);
    if (found !== 'file') return refuse(file, found.reason, fsDetail(file, found), found.cause);
    return contained(dir, file, said) ?? { ok: true, path: file };
  }
  const base = resolvePath(dir, module);
  if (module === '.') {
    const main = typeof manifest.main === 'string' ? manifest.main : undefined;
    let found = main ? asFile(resolvePath(dir, main)) : undefined;
    if (found === undefined && main) found = asIndex(resolvePath(dir, main));
    const fromMain = found !== undefined;
    found ??= asIndex(base);
    if (typeof found === 'object') return refuse(found.path, found.reason, fsDetail(found.path, found), found.cause);
    if (found) {
      // Node follows a "main" anywhere; an entry point's module stays inside its own package, as
      // through "exports", so one package cannot name another's code as its plugin.
      const said = fromMain ? `"main" is '${main}'` : `'.' resolves to ${relative(dir, found)}`;
      return contained(dir, found, said) ?? { ok: true, path: found };
    }
    return refuse(
      base,
      'file-missing',
      main
        ? `"main" is '${main}', which does not exist, and there is no index.js`
        : 'there is no "main" and no index.js',
    );
  }
  const found = asFile(base) ?? asIndex(base);
  if (typeof found === 'object') return refuse(found.path, found.reason, fsDetail(found.path, found), found.cause);
  if (found)
    return contained(dir, found, `'${module}' resolves to ${relative(dir, found)}`) ?? { ok: true, path: found };
  return refuse(
    base,
    'file-missing',
    `no file ${relative(dir, base)}, nor with ${EXTENSIONS.join('/')}, nor an index file in it`,
  );
}

/**
 * Refuses `file` unless its real path is inside the real path of `dir` (docs/spec.md, "a module is
 * always inside its own package"). Real paths, because a symlink in the package can lead anywhere
 * while its path reads as inside (issue 15), and `dir` itself may be reached through a link.
 */
function contained(dir: string, file: string, said: string): Refusal | undefined {
  if (!inside(dir, file)) {
    return { ok: false, path: file, reason: 'outside-package', detail: `${said}, which points outside the package` };
  }
  let realDir: string;
  let real: string;
  try {
    realDir = realpathSync(dir);
  } catch (error) {
    const failure = fsFailure(error, dir);
    return { ok: false, path: dir, reason: failure.reason, detail: fsDetail(dir, failure), cause: error };
  }
  try {
    real = realpathSync(file);
  } catch (error) {
    const failure = fsFailure(error, file);
    return { ok: false, path: file, reason: failure.reason, detail: fsDetail(file, failure), cause: error };
  }
  if (inside(realDir, real)) return undefined;
  return {
    ok: false,
    path: file,
    reason: 'outside-package',
    detail: `${said}, which is a symlink to ${real}, outside the package's real directory ${realDir}; a module must be inside its own package`,
  };
}

/** A file system error that is not "nothing there": why, for the message and the code. */
interface Failure {
  readonly path: string;
  readonly reason: ModuleNotFoundReason;
  readonly cause: unknown;
}

/** What is at `path`: a file, something else, nothing, or why the file system would not say. */
function probe(path: string): 'file' | 'other' | 'none' | Failure {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return 'none';
    return stats.isFile() ? 'file' : 'other';
  } catch (error) {
    // A path through a file (`./index.js/x`) has nothing there, as a missing file has.
    if ((error as NodeJS.ErrnoException)?.code === 'ENOTDIR') return 'none';
    return fsFailure(error, path);
  }
}

function fsFailure(error: unknown, path: string): Failure {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason: ModuleNotFoundReason =
    code === 'ELOOP'
      ? 'link-loop'
      : code === 'ENAMETOOLONG' || code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE'
        ? 'invalid-path'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'file-missing'
          : 'unreadable';
  return { path, reason, cause: error };
}

function fsDetail(path: string, failure: Failure): string {
  // JSON.stringify, so that a NUL byte or a control character shows as an escape.
  const shown = JSON.stringify(path);
  const code = (failure.cause as NodeJS.ErrnoException)?.code ?? describe(failure.cause);
  switch (failure.reason) {
    case 'link-loop':
      return `a symlink on the way to ${shown} leads into a cycle (${code})`;
    case 'invalid-path':
      return path.includes('\0')
        ? `${shown} holds a NUL byte, which no file name can`
        : `${shown} is longer than the file system allows (${code})`;
    case 'file-missing':
      return `no file ${shown} (${code})`;
    default:
      return `cannot look up ${shown} (${code}); check the permissions of the folders on the way`;
  }
}

/** Whether `exports` exports `module` at all: as a key, or through a `*` pattern (Node's rules). */
function exportsSubpath(exports: unknown, module: string): boolean {
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return module === '.';
  const keys = Object.keys(exports);
  // An object of conditions, not of subpaths, is the export of '.'.
  if (!keys.some((key) => key.startsWith('.'))) return module === '.';
  if (Object.hasOwn(exports, module) && !module.includes('*')) return true;
  return keys.some((key) => {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) return false;
    return module.length >= key.length && module.startsWith(key.slice(0, star)) && module.endsWith(key.slice(star + 1));
  });
}

/** Why Node refuses an exports target (ERR_INVALID_PACKAGE_TARGET), or undefined. */
function invalidTarget(target: string): string | undefined {
  if (!target.startsWith('./')) return 'a target must start with "./"';
  for (const segment of target.slice(2).split(/[\\/]/)) {
    const plain = decodeSegment(segment).toLowerCase();
    if (plain === '..' || plain === 'node_modules') return `a target may not have a "${plain}" segment`;
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The file `path` names with Node's extension rules, or the file system's failure on the way. */
function asFile(path: string): string | Failure | undefined {
  for (const candidate of [path, ...EXTENSIONS.map((ext) => path + ext)]) {
    const found = probe(candidate);
    if (found === 'file') return candidate;
    // A file that may be there but cannot be seen is no proof that it is absent: say so, rather
    // than load another file in its place.
    if (typeof found === 'object') return found;
  }
  return undefined;
}

function asIndex(dir: string): string | Failure | undefined {
  return asFile(join(dir, 'index'));
}

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  // On Windows a file on another drive has no relative path: relative() returns it absolute.
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

let resolver: typeof import('resolve.exports') | undefined;
/**
 * resolve.exports, loaded on the first resolution: discovery never resolves, and a bare-specifier
 * import costs a package lookup at import time (docs/performance.md).
 */
function exportsResolver(): typeof import('resolve.exports') {
  resolver ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)(
    'resolve.exports',
  ) as typeof import('resolve.exports');
  return resolver;
}
