/**
 * The errors of isolated plugins. Each names the entry point (so the package and its package.json)
 * and, for a call, the function; the isolate's own error, when there is one, is the `cause`.
 */
import { PlugboardError } from '../core/index.js';
import { type EntryPointRef, where } from '../entry-points/index.js';
import type { IsolateMode } from './types.js';

const noun = (mode: IsolateMode) => (mode === 'worker' ? 'worker' : 'child process');
const during = (fn: string | undefined) => (fn === undefined ? 'while loading' : `during a call to '${fn}'`);

/** The isolate ended on its own: `process.exit()`, an uncaught throw (also one that comes later), a signal. */
export class IsolateCrashedError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  /** The isolate's exit code, or `undefined` when a signal ended it. */
  readonly exitCode: number | undefined;
  /** The signal that ended a child process. */
  readonly signal: string | undefined;
  /**
   * @param details.fn the function being called, or `undefined` when the isolate ended while loading
   * or between calls (`idle`).
   */
  constructor(details: {
    entryPoint: EntryPointRef;
    mode: IsolateMode;
    fn?: string | undefined;
    idle?: boolean;
    exitCode?: number | undefined;
    signal?: string | undefined;
    cause?: unknown;
  }) {
    const { entryPoint, mode, fn, idle, exitCode, signal, cause } = details;
    const how =
      cause instanceof Error
        ? `threw ${cause.name === 'Error' ? '' : `${cause.name} `}'${cause.message}'`
        : signal
          ? `was killed by ${signal}`
          : `ended with exit code ${exitCode}`;
    super(
      'isolate-crashed',
      `${where(entryPoint)}: the plugin's ${noun(mode)} ${how} ${idle ? 'between calls' : during(fn)}; it is restarted for the next call unless it is quarantined`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json`, ...(cause === undefined ? {} : { cause }) },
    );
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/** A call did not settle within `callTimeout`; the isolate was ended (a synchronous endless loop cannot be stopped otherwise). */
export class CallTimeoutError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  /** The limit, in milliseconds. */
  readonly timeout: number;
  constructor(details: { entryPoint: EntryPointRef; mode: IsolateMode; fn: string; timeout: number }) {
    const { entryPoint, mode, fn, timeout } = details;
    super(
      'call-timeout',
      `${where(entryPoint)}: the call to '${fn}' did not settle within ${timeout} ms, so its ${noun(mode)} was ended; raise the group's isolate.callTimeout if the plugin is only slow`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json` },
    );
    this.timeout = timeout;
  }
}

/** The isolate ran past its heap limit (`maxMemoryMb`) and was ended. */
export class OutOfMemoryError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  /** The limit, in MB. */
  readonly limitMb: number;
  constructor(details: { entryPoint: EntryPointRef; mode: IsolateMode; fn?: string | undefined; limitMb: number }) {
    const { entryPoint, mode, fn, limitMb } = details;
    super(
      'out-of-memory',
      `${where(entryPoint)}: the plugin's ${noun(mode)} ran out of memory (limit ${limitMb} MB) ${during(fn)}; raise the group's isolate.maxMemoryMb if the plugin needs more`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json` },
    );
    this.limitMb = limitMb;
  }
}

/** The isolate crashed `maxCrashes` times within `crashWindow`: it is not restarted again. */
export class QuarantinedError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  /** Crashes counted within the window. */
  readonly crashes: number;
  constructor(details: { entryPoint: EntryPointRef; crashes: number; window: number; cause: unknown }) {
    const { entryPoint, crashes, window, cause } = details;
    super(
      'quarantined',
      `${where(entryPoint)}: the plugin is quarantined after ${crashes} crashes within ${window} ms and is not called again; load it anew once it is fixed`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json`, cause },
    );
    this.crashes = crashes;
  }
}

/** The plugin's `meta.permissions` asks for something the host did not grant (process mode). */
export class PermissionDeniedError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  /** What was asked for and not granted, e.g. `fsRead '/home/u/.config/x'`, `childProcess`. */
  readonly denied: readonly string[];
  constructor(details: { entryPoint: EntryPointRef; denied: readonly string[] }) {
    const { entryPoint, denied } = details;
    super(
      'permission-denied',
      `${where(entryPoint)}: the plugin asks for permissions the host did not grant: ${denied.join(', ')}; grant them in the group's isolate.grant, or do not load the plugin`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json` },
    );
    this.denied = Object.freeze([...denied]);
  }
}

/** Process mode on a runtime without Node's permission model, and the host did not allow running unconfined. */
export class PermissionModelUnavailableError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  constructor(details: { entryPoint: EntryPointRef; runtime: string }) {
    const { entryPoint, runtime } = details;
    super(
      'permission-model-unavailable',
      `${where(entryPoint)}: ${runtime} has no permission model plugboard can use, so the plugin's child process cannot be confined; run the host on Node 20 or later, or set isolate.allowUnconfined to run it without one`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json` },
    );
  }
}

/**
 * An argument, a result or the plugin's own data that structured clone cannot copy (a function in
 * an argument or a result, a symbol, a WeakMap).
 */
export class NotCloneableError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  /** @param details.fn the function called; not given for `what: 'plugin'` (its data, at load). */
  constructor(details: {
    entryPoint: EntryPointRef;
    fn?: string;
    what: 'arguments' | 'result' | 'plugin';
    cause: unknown;
  }) {
    const { entryPoint, fn, what, cause } = details;
    const why = `structured clone: ${cause instanceof Error ? cause.message : String(cause)}`;
    super(
      'not-cloneable',
      what === 'plugin'
        ? `${where(entryPoint)}: the plugin's data cannot be copied into the host (${why}); export functions and plain data`
        : `${where(entryPoint)}: the ${what} of the call to '${fn}' cannot be copied into ${what === 'result' ? 'the host' : 'the isolate'} (${why}); functions do not cross the boundary, pass data`,
      { entryPoint, path: `${entryPoint.package.dir}/package.json`, cause },
    );
  }
}

/** A call after `dispose()`. */
export class IsolateDisposedError extends PlugboardError {
  declare readonly entryPoint: EntryPointRef;
  constructor(details: { entryPoint: EntryPointRef; fn: string }) {
    const { entryPoint, fn } = details;
    super('isolate-disposed', `${where(entryPoint)}: '${fn}' was called after the plugin's isolate was disposed`, {
      entryPoint,
      path: `${entryPoint.package.dir}/package.json`,
    });
  }
}
