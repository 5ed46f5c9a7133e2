/**
 * The errors of finding and loading one entry point. Each carries the entry point, the package,
 * the module path and the `cause`, so a reader knows which file to open. Each constructor takes one
 * details object, so that a field added later cannot shift the others.
 */
import { describe, PlugboardError } from '../core/index.js';
import type { EntryPoint } from './entry-point.js';

/** `EntryPoints.get(name)` found no entry point with that name. */
export class EntryPointNotFoundError extends PlugboardError {
  /**
   * @param details.available the names there are, listed in the message.
   * @param details.groups the groups that were searched, named in the message when known.
   */
  constructor(details: { name: string; available: readonly string[]; groups?: readonly string[] }) {
    const { name, available, groups = [] } = details;
    const where =
      groups.length === 0 ? '' : ` in group${groups.length === 1 ? '' : 's'} ${groups.map((g) => `'${g}'`).join(', ')}`;
    super(
      'not-found',
      `no entry point named '${name}'${where}` +
        (available.length ? ` (available: ${available.join(', ')})` : ' (the collection is empty)'),
      { entryName: name },
    );
  }
}

/** `EntryPoints.get(name)` found more than one entry point with that name. */
export class AmbiguousEntryPointError extends PlugboardError {
  readonly candidates: readonly EntryPoint[];
  constructor(details: { name: string; candidates: readonly EntryPoint[] }) {
    const { name, candidates } = details;
    super(
      'ambiguous',
      `entry point name '${name}' is ambiguous: ${candidates.map((ep) => ep.toString()).join(', ')}; ` +
        `narrow it with select({ group }) or select({ package })`,
      { entryName: name },
    );
    this.candidates = candidates;
  }
}

/** Where an entry point is declared, as messages name it. */
export function where(ep: EntryPoint): string {
  return `entry point '${ep.name}' in group '${ep.group}' of ${ep.package.name} (${ep.package.dir}/package.json)`;
}

/**
 * Why a `<module>` did not resolve, as a stable code (the message says it in words, and may
 * change). docs/spec.md describes each.
 * - `not-exported`: the package's `exports` has no target for the subpath under plugboard's
 *   conditions, or maps it to `null` (Node's ERR_PACKAGE_PATH_NOT_EXPORTED).
 * - `folder-mapping`: only a folder mapping (`"./dir/"`) matches the subpath, which Node dropped in v17.
 * - `invalid-target`: the `exports` target is one Node refuses (ERR_INVALID_PACKAGE_TARGET): it does
 *   not start with `./`, or has a `..` or `node_modules` segment.
 * - `invalid-path`: the file system cannot take the path at all: a NUL byte, a name too long.
 * - `outside-package`: the file's real path (symlinks followed) is not inside the package's real
 *   directory: a `"main"` pointing elsewhere, or a symlink leading out.
 * - `file-missing`: no file is there (nor, without `exports`, one with an extension or an index).
 * - `not-a-file`: something is there, but it is not a file (a folder named by `exports` or `"main"`).
 * - `link-loop`: a symlink on the way leads into a cycle (ELOOP).
 * - `unreadable`: the file system would not say what is there: a folder on the way cannot be searched
 *   (EACCES), or another error (EPERM, EIO); the `cause` is its error.
 */
export type ModuleNotFoundReason =
  | 'not-exported'
  | 'folder-mapping'
  | 'invalid-target'
  | 'invalid-path'
  | 'outside-package'
  | 'file-missing'
  | 'not-a-file'
  | 'link-loop'
  | 'unreadable';

/** The entry point's `<module>` does not resolve to a file inside its package. */
export class ModuleNotFoundError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  declare readonly path: string;
  /** Why, as a code to switch on. */
  readonly reason: ModuleNotFoundReason;
  /** Why, in words, without the entry point it is about: what a tool prints after its own subject. */
  readonly detail: string;
  /**
   * @param details.path the file that is missing or refused, or the package.json whose `exports` refused it.
   * @param details.cause the file system's error, for `invalid-path`, `link-loop` and `unreadable`.
   */
  constructor(details: {
    entryPoint: EntryPoint;
    path: string;
    reason: ModuleNotFoundReason;
    detail: string;
    cause?: unknown;
  }) {
    const { entryPoint, path, reason, detail, cause } = details;
    super('module-not-found', `${where(entryPoint)}: cannot resolve module '${entryPoint.module}': ${detail}`, {
      entryPoint,
      path,
      cause,
    });
    this.reason = reason;
    this.detail = detail;
  }
}

/** Importing the entry point's module threw (syntax error, missing dependency, top-level throw). */
export class ImportFailedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** @param details.doing what threw, when it was not the import itself (reading the attribute). */
  constructor(details: { entryPoint: EntryPoint; path: string; cause: unknown; doing?: string }) {
    const { entryPoint, path, cause, doing = `importing ${path}` } = details;
    super('import-failed', `${where(entryPoint)}: ${doing} threw: ${describe(cause)}`, { entryPoint, path, cause });
  }
}

/** The module loaded, but the `<attr>` path does not exist on it. */
export class AttributeMissingError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /**
   * @param details.missing the attribute segment that is not there.
   * @param details.keys what the object it was looked up on has, listed in the message.
   */
  constructor(details: { entryPoint: EntryPoint; path: string; missing: string; keys: readonly string[] }) {
    const { entryPoint, path, missing, keys } = details;
    super(
      'attribute-missing',
      `${where(entryPoint)}: ${path} has no export '${missing}'` +
        (keys.length ? ` (it has: ${keys.join(', ')})` : ' (it exports nothing)'),
      { entryPoint, path },
    );
  }
}
