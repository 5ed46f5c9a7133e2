/**
 * The errors of finding and loading one entry point. Each carries the entry point, the package,
 * the module path and the `cause`, so a reader knows which file to open.
 */
import { describe, PlugboardError } from '../core/index.js';
import type { EntryPoint } from './entry-point.js';

/** `EntryPoints.get(name)` found no entry point with that name. */
export class EntryPointNotFoundError extends PlugboardError {
  /** @param groups the groups that were searched, named in the message when known. */
  constructor(name: string, available: readonly string[], groups: readonly string[] = []) {
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
  constructor(name: string, candidates: readonly EntryPoint[]) {
    super(
      'ambiguous',
      `entry point name '${name}' is ambiguous: ${candidates.map((ep) => ep.toString()).join('; ')}. ` +
        `Narrow it with select({ group }) or select({ package }).`,
      { entryName: name },
    );
    this.candidates = candidates;
  }
}

/** Where an entry point is declared, as messages name it. */
export function where(ep: EntryPoint): string {
  return `entry point '${ep.name}' in group '${ep.group}' of ${ep.package.name} (${ep.package.dir}/package.json)`;
}

/** The entry point's `<module>` does not resolve to a file inside its package. */
export class ModuleNotFoundError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  constructor(ep: EntryPoint, path: string, reason: string) {
    super('module-not-found', `${where(ep)}: cannot resolve module '${ep.module}': ${reason}`, {
      entryPoint: ep,
      path,
    });
  }
}

/** Importing the entry point's module threw (syntax error, missing dependency, top-level throw). */
export class ImportFailedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** @param doing what threw, when it was not the import itself (reading the attribute). */
  constructor(ep: EntryPoint, path: string, cause: unknown, doing = `importing ${path}`) {
    super('import-failed', `${where(ep)}: ${doing} threw: ${describe(cause)}`, {
      entryPoint: ep,
      path,
      cause,
    });
  }
}

/** The module loaded, but the `<attr>` path does not exist on it. */
export class AttributeMissingError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  constructor(ep: EntryPoint, path: string, missing: string, keys: readonly string[]) {
    super(
      'attribute-missing',
      `${where(ep)}: ${path} has no export '${missing}'` +
        (keys.length ? ` (it has: ${keys.join(', ')})` : ' (it exports nothing)'),
      { entryPoint: ep, path },
    );
  }
}
