/**
 * The base of every error plugboard throws, and the words its messages are built from. Each class
 * has a stable `code` (kebab-case) that callers can switch on; the message is for humans and may
 * change. The classes themselves live with the folder that throws them (entry-points/, group/,
 * discovery/, hooks/), each re-exported from that folder's index; this module has no imports, so
 * every entry, `plugboard/hooks` included, shares the one `PlugboardError` class.
 */

/** The entry point an error is about, as the error sees it (an `EntryPoint` in practice). */
export interface ErrorEntryPoint {
  readonly name: string;
  readonly group: string;
  readonly value: string;
  readonly package: { readonly name: string; readonly version: string; readonly dir: string };
}

/** Every `code` a `PlugboardError` can carry, so that a `switch (error.code)` with a typo fails to compile. */
export type ErrorCode =
  // Loading and collections (src/entry-points/).
  | 'not-found'
  | 'ambiguous'
  | 'module-not-found'
  | 'import-failed'
  | 'attribute-missing'
  // Groups (src/group/).
  | 'contract-failed'
  | 'invoke-failed'
  | 'timeout'
  | 'incompatible'
  | 'blocked'
  | 'untrusted'
  | 'conflict'
  | 'invalid-meta'
  // The cache (CacheClearError, from 'plugboard') and the scaffold (ScaffoldError, from
  // 'plugboard/tools'). The CLI's usage errors never leave the bin and carry a code of their own.
  | 'cache-clear-failed'
  | 'scaffold-failed'
  // `--host <package>` of list, show and doctor (HostNotFoundError, from 'plugboard/tools').
  | 'host-not-found'
  // Hooks (src/hooks/).
  | 'unknown-hook'
  | 'not-a-function'
  | 'invalid-plugin'
  | 'duplicate-plugin'
  | 'order-cycle'
  | 'sync-returned-promise'
  | 'parallel-sync-call'
  | 'required-hook-missing'
  | 'invalid-hook-spec'
  | 'hook-call-failed'
  | 'plugin-blocked'
  // Isolated plugins (src/isolate/).
  | 'isolate-crashed'
  | 'call-timeout'
  | 'out-of-memory'
  | 'quarantined'
  | 'permission-denied'
  | 'permission-model-unavailable'
  | 'not-cloneable'
  | 'isolate-disposed';

/** Base class of every plugboard error. */
export class PlugboardError extends Error {
  /** Stable, machine-readable code. */
  readonly code: ErrorCode;
  /** Name of the package the error is about, when there is one. */
  readonly package: string | undefined;
  /** File or directory the error is about, when there is one. */
  readonly path: string | undefined;
  /** The entry point the error is about, when there is one. */
  readonly entryPoint: ErrorEntryPoint | undefined;
  /** The entry name the error is about (also set when no entry point exists, as for `not-found`). */
  readonly entryName: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: {
      package?: string;
      path?: string;
      entryPoint?: ErrorEntryPoint;
      entryName?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.package = details.package ?? details.entryPoint?.package.name;
    this.path = details.path;
    this.entryPoint = details.entryPoint;
    this.entryName = details.entryName ?? details.entryPoint?.name;
  }
}

/** Every `code` a `PlugboardWarning` can carry: upper case and prefixed, in the style of Node's warning codes. */
export type WarningCode = 'PLUGBOARD_MONITOR_FAILED';

/**
 * Base class of every plugboard warning: something that went wrong without stopping the work, emitted
 * with `process.emitWarning` (where there is one) and never thrown. Its own hierarchy, apart from
 * `PlugboardError`, so that `catch (e) { if (e instanceof PlugboardError) … }` never meets one.
 */
export class PlugboardWarning extends Error {
  /** Stable, machine-readable code. */
  readonly code: WarningCode;
  constructor(code: WarningCode, message: string, details: { cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** One-line description of a thrown value, for messages. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return printable(error);
}

/**
 * `String(value)`, for anything a plugin may throw: `String()` itself throws for an object without
 * a prototype or one whose `toString` throws, and a message must never fail to be built.
 */
export function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '[a value that cannot be printed]';
    }
  }
}

/** A short description of a wrong value, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${String(value)})`;
}
