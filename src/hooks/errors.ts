/**
 * The errors of the hooks system. Every hook error names the plugin and the hook involved, so a
 * host can branch on `code` and a user knows which plugin to open.
 */
import { type ErrorCode, PlugboardError, printable } from '../core/index.js';
import { describeValue } from '../core/index.js';

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
