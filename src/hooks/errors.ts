/**
 * The errors of the hooks system. Every hook error names the plugin and the hook involved, so a
 * host can branch on `code` and a user knows which plugin to open; a plugin registered from a
 * group (`registerAll`) is named by its entry point, package and package.json instead, because
 * that is the file its author opens. Every constructor takes one details object.
 */
import {
  describeValue,
  type ErrorCode,
  type ErrorEntryPoint,
  PlugboardError,
  PlugboardWarning,
  printable,
} from '../core/index.js';

/** What every hook error may say about where it happened. */
export interface HookErrorDetails {
  /** The plugin's name, when a plugin is involved. */
  readonly plugin?: string | undefined;
  /** The hook's name, when a hook is involved. */
  readonly hook?: string | undefined;
  /** The entry point the plugin was loaded from, for plugins registered from a group. */
  readonly entryPoint?: ErrorEntryPoint | undefined;
  readonly cause?: unknown;
}

/**
 * How a message names a plugin: by its entry point and package.json when it came from a group
 * (the same words as entry-points/errors.ts, which hooks cannot import), else by its name.
 */
function subject(plugin: string, entryPoint: ErrorEntryPoint | undefined): string {
  if (entryPoint === undefined) return `plugin '${plugin}'`;
  const { name, group, package: pkg } = entryPoint;
  return `entry point '${name}' in group '${group}' of ${pkg.name} (${pkg.dir}/package.json)`;
}

/** The message of a thrown value, for messages that quote it. */
const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : printable(cause));

/** Common base of every error thrown or collected by the hooks system. */
export class HookError extends PlugboardError {
  /** Name of the plugin involved, when one is. */
  readonly plugin: string | undefined;
  /** Name of the hook involved, when one is. */
  readonly hook: string | undefined;

  constructor(code: ErrorCode, message: string, details: HookErrorDetails = {}) {
    const { plugin, hook, entryPoint, cause } = details;
    super(code, message, {
      ...(cause === undefined ? {} : { cause }),
      ...(entryPoint === undefined ? {} : { entryPoint, path: `${entryPoint.package.dir}/package.json` }),
    });
    this.plugin = plugin;
    this.hook = hook;
  }
}

/** A plugin implements, or a caller calls, a hook that the spec does not declare. */
export class UnknownHookError extends HookError {
  declare readonly code: 'unknown-hook';
  /** The declared hook nearest to `hook`, when one is close enough to be a typo. */
  readonly suggestion: string | undefined;
  constructor(details: {
    hook: string;
    plugin?: string | undefined;
    entryPoint?: ErrorEntryPoint | undefined;
    suggestion?: string | undefined;
    /** The declared hooks, listed for a plugin's author who cannot see the host's spec. */
    declared?: readonly string[] | undefined;
  }) {
    const { hook, plugin, entryPoint, suggestion, declared } = details;
    const guess = suggestion === undefined ? undefined : `did you mean '${suggestion}'?`;
    let message: string;
    if (plugin === undefined) {
      message = `unknown hook '${hook}': the hooks spec does not declare it${guess === undefined ? '' : `; ${guess}`}`;
    } else if (entryPoint !== undefined) {
      const list = declared === undefined ? '' : ` (it declares ${declared.map((h) => `'${h}'`).join(', ')})`;
      message = `${subject(plugin, entryPoint)} implements hook '${hook}', which the host does not declare${list}; ${guess ?? 'rename or remove it'}`;
    } else {
      message = `${subject(plugin, undefined)} implements unknown hook '${hook}'; ${guess ?? 'declare it in the spec, or create the hooks with { allowExtra: true }'}`;
    }
    super('unknown-hook', message, { plugin, hook, entryPoint });
    this.suggestion = suggestion;
  }
}

/** A plugin's value for a declared hook is neither a function nor `undefined`. */
export class NotAFunctionError extends HookError {
  declare readonly code: 'not-a-function';
  constructor(details: { plugin: string; hook: string; value: unknown; entryPoint?: ErrorEntryPoint | undefined }) {
    const { plugin, hook, value, entryPoint } = details;
    super(
      'not-a-function',
      `${subject(plugin, entryPoint)} sets hook '${hook}' to ${describeValue(value)}; a hook implementation must be a function`,
      { plugin, hook, entryPoint },
    );
  }
}

/** What was passed to `register()` is not a valid plugin, or its register options are invalid. */
export class InvalidPluginError extends HookError {
  declare readonly code: 'invalid-plugin';
  constructor(details: {
    plugin: string;
    reason: string;
    hook?: string;
    entryPoint?: ErrorEntryPoint | undefined;
    cause?: unknown;
  }) {
    const { plugin, reason, hook, entryPoint, cause } = details;
    super('invalid-plugin', `${subject(plugin, entryPoint)} cannot be registered: ${reason}`, {
      plugin,
      hook,
      entryPoint,
      cause,
    });
  }
}

/**
 * Two registrations use the same plugin name (`before`/`after` would be ambiguous), or one plugin
 * object is registered a second time under another name (each of its hooks would run twice).
 */
export class DuplicatePluginError extends HookError {
  declare readonly code: 'duplicate-plugin';
  /** For the same object registered twice: the name it is already registered under. */
  readonly registeredAs: string | undefined;
  constructor(details: {
    plugin: string;
    registeredAs?: string | undefined;
    entryPoint?: ErrorEntryPoint | undefined;
  }) {
    const { plugin, registeredAs, entryPoint } = details;
    super(
      'duplicate-plugin',
      registeredAs === undefined
        ? `${subject(plugin, entryPoint)} is already registered; unregister it first or pick another name`
        : `${subject(plugin, entryPoint)} is the same object as plugin '${registeredAs}', which is already registered; each of its hooks would run twice, so unregister '${registeredAs}' first`,
      { plugin, entryPoint },
    );
    this.registeredAs = registeredAs;
  }
}

/** The name is blocked (`hooks.block(name)`), so a plugin of that name is not registered. */
export class BlockedPluginError extends HookError {
  declare readonly code: 'plugin-blocked';
  constructor(details: { plugin: string; entryPoint?: ErrorEntryPoint | undefined }) {
    const { plugin, entryPoint } = details;
    super('plugin-blocked', `${subject(plugin, entryPoint)} is blocked; hooks.unblock('${plugin}') allows it again`, {
      plugin,
      entryPoint,
    });
  }
}

/** The `before`/`after` constraints of the plugins implementing one hook form a cycle. */
export class OrderCycleError extends HookError {
  declare readonly code: 'order-cycle';
  /** The plugin names around the cycle, the first repeated at the end (`a -> b -> a`). */
  readonly cycle: readonly string[];
  constructor(details: {
    plugin: string;
    hook: string;
    cycle: readonly string[];
    entryPoint?: ErrorEntryPoint | undefined;
  }) {
    const { plugin, hook, cycle, entryPoint } = details;
    super(
      'order-cycle',
      `${subject(plugin, entryPoint)} makes the before/after order of hook '${hook}' cyclic: ${cycle.join(' → ')}`,
      { plugin, hook, entryPoint },
    );
    this.cycle = Object.freeze([...cycle]);
  }
}

/** During a synchronous `call()`, an implementation returned a promise (or any thenable). */
export class SyncReturnedPromiseError extends HookError {
  declare readonly code: 'sync-returned-promise';
  constructor(details: {
    plugin: string;
    hook: string;
    /** Set when the implementation is an async wrapper (`wrapAsync`), refused before it runs. */
    wrapper?: boolean;
    /** The plugin whose synchronous `wrap()` ran the implementation during `callAsync()`. */
    within?: string | undefined;
  }) {
    const { plugin, hook, wrapper = false, within } = details;
    super(
      'sync-returned-promise',
      wrapper
        ? `plugin '${plugin}' wraps hook '${hook}' with an async wrapper, which cannot run inside the synchronous call(); use callAsync()`
        : within !== undefined
          ? `plugin '${plugin}' returned a promise from hook '${hook}' inside the synchronous wrapper of plugin '${within}'; a wrap() chain runs synchronously even during callAsync(), so make that wrapper wrapAsync() or the implementation synchronous`
          : `plugin '${plugin}' returned a promise from hook '${hook}' during a synchronous call(); use callAsync() or make the implementation synchronous`,
      { plugin, hook },
    );
  }
}

/** `call()` was used on a `parallel` hook, which only exists asynchronously. */
export class ParallelSyncCallError extends HookError {
  declare readonly code: 'parallel-sync-call';
  constructor(details: { hook: string; kind?: 'parallel' | 'parallel-first' }) {
    const { hook, kind = 'parallel' } = details;
    super('parallel-sync-call', `hook '${hook}' is a ${kind} hook, which only runs asynchronously; use callAsync()`, {
      hook,
    });
  }
}

/** A hook marked `required` in the spec has no implementation (reported by `check()`). */
export class RequiredHookMissingError extends HookError {
  declare readonly code: 'required-hook-missing';
  constructor(details: { hook: string }) {
    const { hook } = details;
    super(
      'required-hook-missing',
      `hook '${hook}' is required, but no registered plugin implements it; register a plugin that does`,
      { hook },
    );
  }
}

/** The spec passed to `createHooks()` is malformed (for example an unknown `kind`). */
export class InvalidHookSpecError extends HookError {
  declare readonly code: 'invalid-hook-spec';
  constructor(details: { hook: string; reason: string }) {
    const { hook, reason } = details;
    super('invalid-hook-spec', `hook '${hook}' has an invalid spec: ${reason}`, { hook });
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
  constructor(details: { plugin: string; hook: string; cause: unknown }) {
    const { plugin, hook, cause } = details;
    super('hook-call-failed', `plugin '${plugin}' failed in hook '${hook}': ${messageOf(cause)}`, {
      plugin,
      hook,
      cause,
    });
  }
}

/**
 * A monitor's `before` or `after` threw (or its promise rejected) and the monitor has no `onError`.
 * Never thrown: the call goes on, and this is emitted with `process.emitWarning` (`console.warn`
 * where there is none), once per `hooks.monitor()` subscription. A `PlugboardWarning`, not a
 * `HookError`: `catch (e) { if (e instanceof PlugboardError) … }` never meets it, and its code is
 * in the style of Node's warning codes because it shares `process.on('warning')` with every other
 * library's warnings. The monitor's error is the `cause`.
 */
export class MonitorFailedWarning extends PlugboardWarning {
  declare readonly code: 'PLUGBOARD_MONITOR_FAILED';
  /** The plugin whose implementation the monitor was watching. */
  readonly plugin: string;
  /** The hook being called. */
  readonly hook: string;
  /** The monitor callback that failed. */
  readonly callback: 'before' | 'after';
  constructor(details: { plugin: string; hook: string; callback: 'before' | 'after'; cause: unknown }) {
    const { plugin, hook, callback, cause } = details;
    super(
      'PLUGBOARD_MONITOR_FAILED',
      `hooks monitor's ${callback}() failed while watching plugin '${plugin}' in hook '${hook}': ${messageOf(cause)}; ` +
        'the call went on unaffected, later failures of this monitor are not reported, give it an onError to handle each one',
      { cause },
    );
    this.plugin = plugin;
    this.hook = hook;
    this.callback = callback;
  }
}
