/**
 * Every error plugboard throws, in one place. Each class has a stable `code` (kebab-case) that
 * callers can switch on; the message is for humans and may change.
 *
 * Load errors carry the entry point, the package name, the module path and the `cause`, so a
 * reader knows which file to open.
 */
import type { EntryPoint } from './entry-point.js';

/** Every `code` a `PlugboardError` can carry, so that a `switch (error.code)` with a typo fails to compile. */
export type ErrorCode =
  // Loading and collections (src/entry-point.ts, src/entry-points.ts).
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
  // The cache, the CLI and the scaffold.
  | 'cache-clear-failed'
  | 'usage'
  | 'scaffold-failed'
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
  // Never thrown: the code of a MonitorFailedWarning, in the style of Node's warning codes.
  | 'PLUGBOARD_MONITOR_FAILED';

/** Base class of every plugboard error. */
export class PlugboardError extends Error {
  /** Stable, machine-readable code. */
  readonly code: ErrorCode;
  /** Name of the package the error is about, when there is one. */
  readonly package: string | undefined;
  /** File or directory the error is about, when there is one. */
  readonly path: string | undefined;
  /** The entry point the error is about, when there is one. */
  readonly entryPoint: EntryPoint | undefined;
  /** The entry name the error is about (also set when no entry point exists, as for `not-found`). */
  readonly entryName: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: { package?: string; path?: string; entryPoint?: EntryPoint; entryName?: string; cause?: unknown } = {},
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

/** The `plugboard` command line was used wrongly (unknown option, missing argument); exit code 2. */
export class CliUsageError extends PlugboardError {
  constructor(message: string) {
    super('usage', message);
  }
}

// Groups (src/group/): policy refusals and load failures. Each carries the entry point, so a reader
// knows the package and the package.json to open.

/** A loaded plugin does not satisfy the group's schema. */
export class ContractFailedError extends PlugboardError {
  /** The schema's issues, as the validator reported them (Standard Schema issues). */
  readonly issues: readonly {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }[];
  constructor(ep: EntryPoint, path: string | undefined, issues: ContractFailedError['issues']) {
    const list = issues.map((issue) => {
      const at = (issue.path ?? [])
        .map((seg) => String(typeof seg === 'object' && seg !== null ? seg.key : seg))
        .join('.');
      return at ? `${at}: ${issue.message}` : issue.message;
    });
    super(
      'contract-failed',
      `${where(ep)}: the loaded object does not satisfy the group's schema: ${list.join('; ')}`,
      {
        entryPoint: ep,
        ...(path === undefined ? {} : { path }),
      },
    );
    this.issues = issues;
  }
}

/** The plugin's `peerDependencies` range for the host excludes the host's version. */
export class IncompatibleError extends PlugboardError {
  /** The host, as the group knows it. */
  readonly host: { readonly name: string; readonly version: string };
  /** The range the plugin declares for the host. */
  readonly range: string;
  constructor(ep: EntryPoint, host: { name: string; version: string }, range: string) {
    super(
      'incompatible',
      `${where(ep)}: ${ep.package.name}@${ep.package.version} requires ${host.name}@${range} (peerDependencies), but the host is ${host.name}@${host.version}`,
      { entryPoint: ep, path: `${ep.package.dir}/package.json` },
    );
    this.host = Object.freeze({ name: host.name, version: host.version });
    this.range = range;
  }
}

/** The group's `block` list names the entry or its package, or `allow` (or the autoload switch) leaves it out. */
export class BlockedError extends PlugboardError {
  constructor(ep: EntryPoint, reason: string) {
    super('blocked', `${where(ep)}: ${reason}`, { entryPoint: ep, path: `${ep.package.dir}/package.json` });
  }
}

/** With `trust: 'dependencies'`, the package is not a direct dependency of the host. */
export class UntrustedError extends PlugboardError {
  constructor(ep: EntryPoint, reason: string) {
    super('untrusted', `${where(ep)}: ${reason}`, { entryPoint: ep, path: `${ep.package.dir}/package.json` });
  }
}

/** Loading one plugin (import, validation and invoke) did not finish within the group's `timeout`. */
export class LoadTimeoutError extends PlugboardError {
  /** The limit, in milliseconds. */
  readonly timeout: number;
  constructor(ep: EntryPoint, timeout: number) {
    super(
      'timeout',
      `${where(ep)}: loading did not finish within ${timeout} ms (import, validation and invoke); a top-level await that never settles is the usual cause`,
      { entryPoint: ep, path: `${ep.package.dir}/package.json` },
    );
    this.timeout = timeout;
  }
}

/** With `conflicts: 'error'`, several packages declare the same name in the group. */
export class ConflictError extends PlugboardError {
  /** Every entry point that declares the name, this one included. */
  readonly candidates: readonly EntryPoint[];
  constructor(ep: EntryPoint, candidates: readonly EntryPoint[]) {
    super(
      'conflict',
      `${where(ep)}: '${ep.name}' is also declared by ${candidates
        .filter((c) => c !== ep)
        .map((c) => `${c.package.name}@${c.package.version} (${c.package.dir})`)
        .join(
          ', ',
        )}; the group's conflicts policy is 'error', so none is loaded. Block one, or choose conflicts: 'first' | 'last' | 'all'`,
      { entryPoint: ep, path: `${ep.package.dir}/package.json` },
    );
    this.candidates = candidates;
  }
}

/** The group's `invoke` called the loaded function or class, and it threw (or its promise rejected). */
export class InvokeFailedError extends PlugboardError {
  constructor(ep: EntryPoint, cause: unknown) {
    super('invoke-failed', `${where(ep)}: invoking the loaded function or class threw: ${describe(cause)}`, {
      entryPoint: ep,
      path: `${ep.package.dir}/package.json`,
      cause,
    });
  }
}

/** `clearCache()` could not remove the cache directory (permissions, a read-only mount). */
export class CacheClearError extends PlugboardError {
  constructor(dir: string, cause: unknown) {
    super('cache-clear-failed', `could not remove the cache directory ${dir}: ${describe(cause)}`, {
      path: dir,
      cause,
    });
  }
}

/** `plugboard new` could not scaffold: the target is not empty, or a name is invalid. */
export class ScaffoldError extends PlugboardError {
  constructor(message: string, path?: string) {
    super('scaffold-failed', message, path === undefined ? {} : { path });
  }
}

// Hooks (src/hooks/): every hook error names the plugin and the hook involved, so a host can branch
// on `code` and a user knows which plugin to open.

/** Common base of every error thrown or collected by the hooks system. */
export class HookError extends PlugboardError {
  /** Name of the plugin involved, when one is. */
  readonly plugin: string | undefined;
  /** Name of the hook involved, when one is. */
  readonly hook: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    plugin: string | undefined,
    hook: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options?.cause === undefined ? {} : { cause: options.cause });
    this.plugin = plugin;
    this.hook = hook;
  }
}

/** A plugin implements, or a caller calls, a hook that the spec does not declare. */
export class UnknownHookError extends HookError {
  declare readonly code: 'unknown-hook';
  constructor(hook: string, plugin?: string) {
    super(
      'unknown-hook',
      plugin === undefined
        ? `Unknown hook "${hook}": it is not declared in the hooks spec.`
        : `Plugin "${plugin}" implements unknown hook "${hook}". Declare it in the spec, or create the hooks with { allowExtra: true }.`,
      plugin,
      hook,
    );
  }
}

/** A plugin's value for a declared hook is neither a function nor `undefined`. */
export class NotAFunctionError extends HookError {
  declare readonly code: 'not-a-function';
  constructor(plugin: string, hook: string, value: unknown) {
    super(
      'not-a-function',
      `Plugin "${plugin}" sets hook "${hook}" to ${describeValue(value)}; a hook implementation must be a function.`,
      plugin,
      hook,
    );
  }
}

/** What was passed to `register()` is not a valid plugin, or its register options are invalid. */
export class InvalidPluginError extends HookError {
  declare readonly code: 'invalid-plugin';
  constructor(plugin: string, reason: string) {
    super('invalid-plugin', `Plugin "${plugin}" cannot be registered: ${reason}.`, plugin, undefined);
  }
}

/** Two registrations use the same plugin name; `before`/`after` would be ambiguous. */
export class DuplicatePluginError extends HookError {
  declare readonly code: 'duplicate-plugin';
  constructor(plugin: string) {
    super(
      'duplicate-plugin',
      `A plugin named "${plugin}" is already registered; unregister it first or pick another name.`,
      plugin,
      undefined,
    );
  }
}

/** The `before`/`after` constraints of the plugins implementing one hook form a cycle. */
export class OrderCycleError extends HookError {
  declare readonly code: 'order-cycle';
  /** The plugin names around the cycle, the first repeated at the end (`a -> b -> a`). */
  readonly cycle: readonly string[];
  constructor(plugin: string, hook: string, cycle: readonly string[]) {
    super(
      'order-cycle',
      `Registering plugin "${plugin}" makes the before/after order of hook "${hook}" cyclic: ${cycle.join(' → ')}.`,
      plugin,
      hook,
    );
    this.cycle = Object.freeze([...cycle]);
  }
}

/** During a synchronous `call()`, an implementation returned a promise (or any thenable). */
export class SyncReturnedPromiseError extends HookError {
  declare readonly code: 'sync-returned-promise';
  /** `within`: the plugin whose synchronous `wrap()` ran the implementation during `callAsync()`. */
  constructor(plugin: string, hook: string, wrapper = false, within?: string) {
    super(
      'sync-returned-promise',
      wrapper
        ? `Plugin "${plugin}" wraps hook "${hook}" with an async wrapper, which cannot run inside the synchronous call(); use callAsync().`
        : within !== undefined
          ? `Plugin "${plugin}" returned a promise from hook "${hook}" inside the synchronous wrapper of plugin "${within}": a wrap() chain runs synchronously even during callAsync(); make that wrapper wrapAsync() or the implementation synchronous.`
          : `Plugin "${plugin}" returned a promise from hook "${hook}" during a synchronous call(); use callAsync() or make the implementation synchronous.`,
      plugin,
      hook,
    );
  }
}

/** `call()` was used on a `parallel` hook, which only exists asynchronously. */
export class ParallelSyncCallError extends HookError {
  declare readonly code: 'parallel-sync-call';
  constructor(hook: string) {
    super(
      'parallel-sync-call',
      `Hook "${hook}" is a parallel hook; parallel hooks can only be called with callAsync().`,
      undefined,
      hook,
    );
  }
}

/** A hook marked `required` in the spec has no implementation (reported by `check()`). */
export class RequiredHookMissingError extends HookError {
  declare readonly code: 'required-hook-missing';
  constructor(hook: string) {
    super(
      'required-hook-missing',
      `Hook "${hook}" is required, but no registered plugin implements it.`,
      undefined,
      hook,
    );
  }
}

/** The spec passed to `createHooks()` is malformed (for example an unknown `kind`). */
export class InvalidHookSpecError extends HookError {
  declare readonly code: 'invalid-hook-spec';
  constructor(hook: string, reason: string) {
    super('invalid-hook-spec', `Hook "${hook}" has an invalid spec: ${reason}.`, undefined, hook);
  }
}

/**
 * An implementation failed during a call. Collected by the `'collect'` error policy, and thrown by
 * `register()` when replaying a historic hook fails. The original error is the `cause`.
 */
export class HookCallError extends HookError {
  declare readonly code: 'hook-call-failed';
  declare readonly plugin: string;
  declare readonly hook: string;
  constructor(plugin: string, hook: string, cause: unknown) {
    super(
      'hook-call-failed',
      `Plugin "${plugin}" failed in hook "${hook}": ${cause instanceof Error ? cause.message : printable(cause)}`,
      plugin,
      hook,
      { cause },
    );
  }
}

/**
 * A monitor's `before` or `after` threw (or its promise rejected) and the monitor has no `onError`.
 * Never thrown: the call goes on, and this is emitted with `process.emitWarning` (`console.warn`
 * where there is none), once per `hooks.monitor()` subscription. Its code is in the style of Node's
 * warning codes, upper case and prefixed, because it shares `process.on('warning')` with every
 * other library's warnings. The monitor's error is the `cause`.
 */
export class MonitorFailedWarning extends HookError {
  declare readonly code: 'PLUGBOARD_MONITOR_FAILED';
  declare readonly plugin: string;
  declare readonly hook: string;
  /** The monitor callback that failed. */
  readonly callback: 'before' | 'after';
  constructor(plugin: string, hook: string, callback: 'before' | 'after', cause: unknown) {
    super(
      'PLUGBOARD_MONITOR_FAILED',
      `A hooks monitor's ${callback}() failed while watching plugin "${plugin}" in hook "${hook}": ` +
        `${cause instanceof Error ? cause.message : printable(cause)}. The call went on unaffected. ` +
        'Later failures of this monitor are not reported; give it an onError to handle each one.',
      plugin,
      hook,
      { cause },
    );
    this.callback = callback;
  }
}

/** A short description of a wrong value, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${String(value)})`;
}
