/**
 * Every error plugboard throws, in one place. Each class has a stable `code` (kebab-case) that
 * callers can switch on; the message is for humans and may change.
 *
 * Load errors carry the entry point, the package name, the module path and the `cause`, so a
 * reader knows which file to open.
 */
import type { EntryPoint } from './entry-point.js';

/** Base class of every plugboard error. */
export class PlugboardError extends Error {
  /** Stable, machine-readable code. */
  readonly code: string;
  /** Name of the package the error is about, when there is one. */
  readonly package: string | undefined;
  /** File or directory the error is about, when there is one. */
  readonly path: string | undefined;
  /** The entry point the error is about, when there is one. */
  readonly entryPoint: EntryPoint | undefined;

  constructor(
    code: string,
    message: string,
    details: { package?: string; path?: string; entryPoint?: EntryPoint; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.package = details.package ?? details.entryPoint?.package.name;
    this.path = details.path;
    this.entryPoint = details.entryPoint;
  }
}

/** `EntryPoints.get(name)` found no entry point with that name. */
export class EntryPointNotFoundError extends PlugboardError {
  constructor(name: string, available: readonly string[]) {
    super(
      'not-found',
      `no entry point named '${name}'` +
        (available.length ? ` (available: ${available.join(', ')})` : ' (the collection is empty)'),
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
    );
    this.candidates = candidates;
  }
}

function where(ep: EntryPoint): string {
  return `entry point '${ep.name}' in group '${ep.group}' of ${ep.package.name} (${ep.package.dir}/package.json)`;
}

/** The entry point's `<module>` does not resolve to a file inside its package. */
export class ModuleNotFoundError extends PlugboardError {
  constructor(ep: EntryPoint, path: string, reason: string) {
    super('module-not-found', `${where(ep)}: cannot resolve module '${ep.module}': ${reason}`, {
      entryPoint: ep,
      path,
    });
  }
}

/** Importing the entry point's module threw (syntax error, missing dependency, top-level throw). */
export class ImportFailedError extends PlugboardError {
  constructor(ep: EntryPoint, path: string, cause: unknown) {
    super('import-failed', `${where(ep)}: importing ${path} threw: ${describe(cause)}`, {
      entryPoint: ep,
      path,
      cause,
    });
  }
}

/** The module loaded, but the `<attr>` path does not exist on it. */
export class AttributeMissingError extends PlugboardError {
  constructor(ep: EntryPoint, path: string, missing: string, keys: readonly string[]) {
    super(
      'attribute-missing',
      `${where(ep)}: ${path} has no export '${missing}'` +
        (keys.length ? ` (it has: ${keys.join(', ')})` : ' (it exports nothing)'),
      { entryPoint: ep, path },
    );
  }
}

/** One-line description of a thrown value, for messages. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The `plugboard` command line was used wrongly (unknown option, missing argument); exit code 2. */
export class CliUsageError extends PlugboardError {
  constructor(message: string) {
    super('usage', message);
  }
}
