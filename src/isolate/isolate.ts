/**
 * `isolatePlugin()`: one plugin in its own worker thread or child process, behind a proxy whose
 * functions return promises. The supervisor here turns every way an isolate can end into a coded
 * rejection of the calls it affects, restarts it with exponential backoff, and quarantines a plugin
 * that keeps crashing. Nothing of the plugin's runs in the host.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PlugboardError } from '../core/index.js';
import { AttributeMissingError, type EntryPoint, ImportFailedError } from '../entry-points/index.js';
import { type Channel, type Exit, openProcess, openWorker } from './channel.js';
import {
  CallTimeoutError,
  IsolateCrashedError,
  IsolateDisposedError,
  NotCloneableError,
  OutOfMemoryError,
  QuarantinedError,
} from './errors.js';
import { permissionArgs } from './permissions.js';
import {
  CALL,
  deserializeError,
  FATAL,
  type FunctionSlot,
  INVOKE,
  type IsolateMessage,
  LOAD,
  LOAD_FAILED,
  LOADED,
  RESULT,
  type Shape,
  THREW,
} from './protocol.js';
import type { Isolated, IsolateMode, IsolateOptions, IsolateSetting } from './types.js';

/** What `isolatePlugin()` needs besides the group's isolation options. */
export interface IsolateRequest {
  readonly isolate: IsolateSetting;
  /**
   * The group's `invoke`: the arguments, structured-cloned into the isolate, and the group's error
   * for a factory that throws (`invoke-failed`).
   */
  readonly invoke?: { readonly args: readonly unknown[]; readonly failed: (cause: unknown) => Error } | undefined;
  /**
   * The group's contract check, run on the proxy of the exported value (before `invoke`); its
   * result is the plugin when there is no `invoke`. Throws to refuse the plugin.
   */
  readonly check?: ((proxy: unknown) => Promise<unknown>) | undefined;
  /** Aborting ends the isolate (the group's load timeout). */
  readonly signal?: AbortSignal | undefined;
}

/** A plugin running in an isolate. */
export interface IsolatedPlugin<T = unknown> {
  /** The proxy: data copied when it loaded, every function returning a promise. */
  readonly plugin: Isolated<T>;
  readonly mode: IsolateMode;
  /** The isolate's thread id (worker) or process id (the plugin's node, in process mode). */
  readonly id: () => number | undefined;
  /** Ends the isolate; every pending call rejects with `isolate-disposed`. */
  dispose(): Promise<void>;
}

const DEFAULTS = { callTimeout: 10_000, maxMemoryMb: 256, maxCrashes: 5, crashWindow: 60_000, backoff: 100 };
const MAX_BACKOFF = 30_000;

/** The mode for `ep` under `setting`, after per-plugin overrides; `'none'` loads it in the host. */
export function modeFor(ep: EntryPoint, setting: IsolateSetting): IsolateMode | 'none' {
  if (typeof setting === 'string') return setting;
  return setting.plugins?.[ep.name] ?? setting.plugins?.[ep.package.name] ?? setting.mode;
}

/**
 * Starts `ep`'s plugin in an isolate, checks it, invokes it, and returns its proxy. Resolves to
 * `undefined` when the options load this plugin without isolation (`plugins: { name: 'none' }`).
 *
 * @throws {PlugboardError} `module-not-found`, `import-failed`, `attribute-missing`, the check's
 * error (`contract-failed`), `invoke-failed`, `isolate-crashed`, `out-of-memory`,
 * `permission-denied`, `permission-model-unavailable`.
 * @example
 * ```ts
 * const isolated = await isolatePlugin<Formatter>(ep, { isolate: 'worker' });
 * await isolated.plugin.format('x'); // a Promise, answered by the worker
 * await isolated.dispose();
 * ```
 */
export async function isolatePlugin<T = unknown>(
  ep: EntryPoint,
  request: IsolateRequest,
): Promise<IsolatedPlugin<T> | undefined> {
  const mode = modeFor(ep, request.isolate);
  if (mode === 'none') return undefined;
  const options: IsolateOptions = typeof request.isolate === 'string' ? { mode } : request.isolate;
  const supervisor = new Supervisor(ep, mode, options, request);
  const plugin = await supervisor.start(request.check, request.signal);
  return Object.freeze({
    plugin: plugin as Isolated<T>,
    mode,
    id: () => supervisor.id,
    dispose: () => supervisor.dispose(),
  });
}

let runnerFile: string | undefined;
/**
 * dist/isolate/runner.js. The built chunks sit at dist/'s top level; run from src/ (the repository's
 * own tests), the runner is still the built one, since a worker cannot load TypeScript.
 */
function runner(): string {
  if (runnerFile) return runnerFile;
  for (const candidate of ['./isolate/runner.js', '../../dist/isolate/runner.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) {
      runnerFile = file;
      return file;
    }
  }
  throw new Error(`plugboard's isolate runner is missing beside ${fileURLToPath(import.meta.url)}; run npm run build`);
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly fn: string;
  readonly start: number;
}

/** Waits for one LOADED (or the failure that replaces it). */
interface LoadWaiter {
  readonly resolve: (shape: Shape) => void;
  readonly reject: (error: unknown) => void;
}

type State = 'starting' | 'ready' | 'backoff' | 'quarantined' | 'disposed';

class Supervisor {
  readonly #ep: EntryPoint;
  readonly #mode: IsolateMode;
  readonly #options: Required<Pick<IsolateOptions, keyof typeof DEFAULTS>> & IsolateOptions;
  readonly #invoke: IsolateRequest['invoke'];
  readonly #nodeArgs: readonly string[] | undefined;
  #state: State = 'starting';
  #channel: Channel | undefined;
  #pid: number | undefined;
  /** The channel the host is ending on purpose, and why. */
  #ending: { channel: Channel; reason: 'timeout' | 'dispose' | 'abort'; id?: number } | undefined;
  #loading: LoadWaiter | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Calls made while the isolate restarts. */
  #waiting: { run: () => void; fail: (error: unknown) => void }[] = [];
  #crashes: number[] = [];
  #restartTimer: NodeJS.Timeout | undefined;
  #lastCrash: unknown;
  #fatal: unknown;
  #slots: readonly FunctionSlot[] = [];
  #exited: (() => void) | undefined;
  /** The channel ref'd for pending work, and whether its release is queued. */
  #held: Channel | undefined;
  #releasing = false;

  constructor(ep: EntryPoint, mode: IsolateMode, options: IsolateOptions, request: IsolateRequest) {
    this.#ep = ep;
    this.#mode = mode;
    this.#options = { ...DEFAULTS, ...stripUndefined(options), mode };
    this.#invoke = request.invoke;
    // Refusals (permission-denied) come before anything starts.
    this.#nodeArgs =
      mode === 'process'
        ? [
            ...permissionArgs(ep, this.#options, runner()),
            `--max-old-space-size=${this.#options.maxMemoryMb}`,
            ...(process.allowedNodeEnvironmentFlags.has('--disable-warning')
              ? ['--disable-warning=ExperimentalWarning']
              : []),
          ]
        : undefined;
  }

  get id(): number | undefined {
    return this.#mode === 'process' ? this.#pid : this.#channel?.id;
  }

  /** The first start: load, check, invoke, and build the proxy. */
  async start(check: IsolateRequest['check'], signal: AbortSignal | undefined): Promise<unknown> {
    const onAbort = () => {
      if (this.#channel) this.#endChannel(this.#channel, 'abort');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const path = this.#ep.resolve();
      let shape = await this.#boot(path, false);
      let plugin = buildProxy(shape, this);
      if (check) plugin = await check(plugin);
      if (this.#invoke && typeof shape.data === 'undefined' && shape.functions[0]?.path.length === 0) {
        shape = await this.#request([INVOKE, this.#invoke.args]);
        plugin = buildProxy(shape, this);
      }
      this.#slots = shape.functions;
      this.#state = 'ready';
      // A schema that called one of the stand-ins made that call wait for the start to finish.
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const call of waiting) call.run();
      return plugin;
    } catch (error) {
      // A refused or failed plugin leaves nothing running.
      this.#state = 'disposed';
      if (this.#channel) this.#endChannel(this.#channel, 'dispose');
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Opens a new isolate and loads the module into it (and invokes it, on a restart). */
  async #boot(path: string, restart: boolean): Promise<Shape> {
    this.#fatal = undefined;
    const events = {
      onMessage: (m: IsolateMessage) => this.#onMessage(channel, m),
      onExit: (e: Exit) => this.#onExit(channel, e),
    };
    const channel: Channel =
      this.#mode === 'worker'
        ? openWorker(pathToFileURL(runner()), this.#options.maxMemoryMb, events)
        : openProcess(runner(), this.#nodeArgs!, events);
    this.#channel = channel;
    let shape = await this.#request([LOAD, path, this.#ep.attr]);
    if (restart && this.#invoke && shape.functions[0]?.path.length === 0)
      shape = await this.#request([INVOKE, this.#invoke.args]);
    return shape;
  }

  #request(message: [typeof LOAD, string, string | undefined] | [typeof INVOKE, readonly unknown[]]): Promise<Shape> {
    return new Promise<Shape>((resolve, reject) => {
      const channel = this.#channel;
      if (!channel) {
        reject(new IsolateDisposedError({ entryPoint: this.#ep, fn: 'load' }));
        return;
      }
      this.#loading = { resolve, reject };
      this.#hold(channel);
      try {
        channel.send(message);
      } catch (error) {
        this.#loading = undefined;
        reject(this.#invoke?.failed(error) ?? error);
      }
    }).finally(() => this.#release());
  }

  /** A call from the proxy: function slot `slot` with `args`. */
  call(slot: number, fn: string, args: unknown[]): Promise<unknown> {
    if (this.#state !== 'ready') {
      if (this.#state === 'quarantined') return Promise.reject(this.#quarantined());
      if (this.#state === 'disposed') return Promise.reject(new IsolateDisposedError({ entryPoint: this.#ep, fn }));
      // Starting or backing off: the call waits for the restart, and keeps the host alive meanwhile.
      this.#restartTimer?.ref();
      return new Promise((resolve, reject) => {
        this.#waiting.push({ run: () => this.call(slot, fn, args).then(resolve, reject), fail: reject });
      });
    }
    const id = this.#nextId++;
    const channel = this.#channel!;
    return new Promise((resolve, reject) => {
      try {
        channel.send([CALL, id, slot, args]);
      } catch (error) {
        reject(new NotCloneableError({ entryPoint: this.#ep, fn, what: 'arguments', cause: error }));
        return;
      }
      this.#hold(channel);
      this.#pending.set(id, { resolve, reject, fn, start: performance.now() });
      this.#armTimer();
    });
  }

  /** Keeps the host alive while something is pending on `channel`. */
  #hold(channel: Channel): void {
    if (this.#held === channel) return;
    channel.ref();
    this.#held = channel;
  }

  /**
   * Lets the host exit once nothing is pending, a turn of the event loop later: a host that calls
   * again at once (the usual loop of awaited calls) then never toggles the handles, which costs
   * more than the IPC round trip itself (4 handles of a child process, each way, per call).
   */
  #release(): void {
    if (this.#releasing || !this.#held) return;
    this.#releasing = true;
    setImmediate(() => {
      this.#releasing = false;
      // A disposing isolate stays ref'd: dispose() resolves when it is gone.
      if (this.#pending.size || this.#loading || !this.#held || this.#state === 'disposed') return;
      this.#held.unref();
      this.#held = undefined;
    }).unref();
  }

  /** One timer for every pending call, armed for the oldest: a timer per call would cost more than the call. */
  #armTimer(): void {
    const limit = this.#options.callTimeout;
    if (this.#timer || !(limit > 0 && Number.isFinite(limit))) return;
    const fire = () => {
      this.#timer = undefined;
      const oldest = this.#pending.entries().next();
      if (oldest.done) return;
      const [id, call] = oldest.value;
      const left = call.start + limit - performance.now();
      if (left > 0) {
        this.#timer = setTimeout(fire, left);
        this.#timer.unref();
        return;
      }
      if (this.#channel) this.#endChannel(this.#channel, 'timeout', id);
    };
    this.#timer = setTimeout(fire, limit);
    // The pending call's ref on the isolate keeps the host alive, not this timer.
    this.#timer.unref();
  }

  #onMessage(channel: Channel, message: IsolateMessage): void {
    if (channel !== this.#channel) return;
    switch (message[0]) {
      case RESULT:
      case THREW: {
        const call = this.#pending.get(message[1]);
        if (!call) return;
        this.#pending.delete(message[1]);
        if (this.#pending.size === 0) this.#release();
        if (message[0] === RESULT) call.resolve(message[2]);
        else if (message[2].code === 'ERR_PLUGBOARD_NOT_CLONEABLE')
          call.reject(
            new NotCloneableError({
              entryPoint: this.#ep,
              fn: call.fn,
              what: 'result',
              cause: deserializeError(message[2]),
            }),
          );
        else call.reject(deserializeError(message[2]));
        return;
      }
      case LOADED: {
        this.#pid = message[2];
        const waiter = this.#loading;
        this.#loading = undefined;
        waiter?.resolve(message[1]);
        return;
      }
      case LOAD_FAILED: {
        const waiter = this.#loading;
        this.#loading = undefined;
        waiter?.reject(this.#loadError(message[1]));
        return;
      }
      case FATAL:
        this.#fatal = deserializeError(message[1]);
        return;
    }
  }

  #loadError(failure: Extract<IsolateMessage, [typeof LOAD_FAILED, unknown]>[1]): PlugboardError {
    const path = this.#ep.resolve();
    switch (failure.phase) {
      case 'import':
        return new ImportFailedError({ entryPoint: this.#ep, path, cause: deserializeError(failure.error) });
      case 'attr-threw':
        return new ImportFailedError({
          entryPoint: this.#ep,
          path,
          cause: deserializeError(failure.error),
          doing: `reading '${this.#ep.attr ?? 'default'}' from ${path}`,
        });
      case 'attr-missing':
        return new AttributeMissingError({ entryPoint: this.#ep, path, missing: failure.missing, keys: failure.keys });
      case 'not-cloneable':
        return new NotCloneableError({ entryPoint: this.#ep, what: 'plugin', cause: deserializeError(failure.error) });
      case 'invoke':
        return (this.#invoke?.failed(deserializeError(failure.error)) ??
          deserializeError(failure.error)) as PlugboardError;
    }
  }

  #endChannel(channel: Channel, reason: 'timeout' | 'dispose' | 'abort', id?: number): void {
    if (this.#ending?.channel === channel) return;
    this.#ending = { channel, reason, ...(id === undefined ? {} : { id }) };
    channel.end();
  }

  #onExit(channel: Channel, exit: Exit): void {
    if (channel !== this.#channel) return;
    this.#channel = undefined;
    if (this.#held === channel) this.#held = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const ending = this.#ending?.channel === channel ? this.#ending : undefined;
    this.#ending = undefined;
    const pending = [...this.#pending.entries()];
    this.#pending.clear();
    const loading = this.#loading;
    this.#loading = undefined;
    if (ending?.reason === 'dispose' || this.#state === 'disposed') {
      for (const [, call] of pending) call.reject(new IsolateDisposedError({ entryPoint: this.#ep, fn: call.fn }));
      loading?.reject(new IsolateDisposedError({ entryPoint: this.#ep, fn: 'load' }));
      this.#exited?.();
      return;
    }
    const mode = this.#mode;
    const entryPoint = this.#ep;
    /** The error for the call `fn` (or the load, when `fn` is undefined) that this exit interrupts. */
    const errorFor = (fn: string | undefined, id: number | undefined): PlugboardError => {
      if (ending?.reason === 'timeout' && id === ending.id && fn !== undefined)
        return new CallTimeoutError({ entryPoint, mode, fn, timeout: this.#options.callTimeout });
      if (exit.outOfMemory) return new OutOfMemoryError({ entryPoint, mode, fn, limitMb: this.#options.maxMemoryMb });
      const timedOut = ending?.reason === 'timeout' ? this.#pendingName(pending, ending.id) : undefined;
      return new IsolateCrashedError({
        entryPoint,
        mode,
        fn,
        idle: fn === undefined && loading === undefined,
        exitCode: exit.exitCode,
        signal: exit.signal,
        cause:
          timedOut !== undefined
            ? new CallTimeoutError({ entryPoint, mode, fn: timedOut, timeout: this.#options.callTimeout })
            : (exit.error ?? this.#fatal),
      });
    };
    if (ending?.reason === 'abort') {
      loading?.reject(errorFor(undefined, undefined));
      return;
    }
    const errors = pending.map(([id, call]) => [call, errorFor(call.fn, id)] as const);
    const first = errors[0]?.[1] ?? errorFor(undefined, undefined);
    for (const [call, error] of errors) call.reject(error);
    // A crash while loading is that load's failure: the first start reports it, a restart counts it.
    if (this.#state === 'starting' && loading) {
      loading.reject(first);
      return;
    }
    this.#crashed(first);
  }

  #pendingName(pending: [number, Pending][], id: number | undefined): string | undefined {
    return pending.find(([i]) => i === id)?.[1].fn;
  }

  #crashed(error: PlugboardError): void {
    const now = Date.now();
    this.#crashes = [...this.#crashes.filter((t) => now - t < this.#options.crashWindow), now];
    this.#lastCrash = error;
    this.#options.onCrash?.(error);
    if (this.#crashes.length >= this.#options.maxCrashes) {
      this.#state = 'quarantined';
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const call of waiting) call.fail(this.#quarantined());
      return;
    }
    this.#state = 'backoff';
    const delay = Math.min(this.#options.backoff * 2 ** (this.#crashes.length - 1), MAX_BACKOFF);
    this.#restartTimer = setTimeout(() => void this.#restart(), delay);
    // Nothing waits for a restart yet: it must not keep the host alive on its own.
    if (!this.#waiting.length) this.#restartTimer.unref();
  }

  async #restart(): Promise<void> {
    this.#restartTimer = undefined;
    if (this.#state !== 'backoff') return;
    this.#state = 'starting';
    let shape: Shape;
    try {
      shape = await this.#boot(this.#ep.resolve(), true);
    } catch (error) {
      if ((this.#state as State) === 'disposed') return;
      // A failed import on restart ends this isolate too: count it, and fail the calls that waited.
      if (this.#channel) this.#endChannel(this.#channel, 'dispose');
      this.#channel = undefined;
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const call of waiting) call.fail(error);
      this.#crashed(error as PlugboardError);
      return;
    }
    if ((this.#state as State) === 'disposed') return;
    if (!sameSlots(shape.functions, this.#slots)) {
      // The proxy's functions are numbered from the first load: a plugin that comes back with
      // other functions cannot be called safely, so it is quarantined at once.
      this.#crashes = Array.from({ length: this.#options.maxCrashes }, () => Date.now());
      this.#state = 'quarantined';
      if (this.#channel) this.#endChannel(this.#channel, 'dispose');
    } else this.#state = 'ready';
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const call of waiting) call.run();
  }

  #quarantined(): QuarantinedError {
    return new QuarantinedError({
      entryPoint: this.#ep,
      crashes: this.#crashes.length,
      window: this.#options.crashWindow,
      cause: this.#lastCrash,
    });
  }

  dispose(): Promise<void> {
    const previous = this.#state;
    this.#state = 'disposed';
    clearTimeout(this.#restartTimer);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const call of waiting) call.fail(new IsolateDisposedError({ entryPoint: this.#ep, fn: 'load' }));
    const channel = this.#channel;
    if (!channel || previous === 'disposed') return Promise.resolve();
    return new Promise((resolve) => {
      this.#exited = resolve;
      // The caller awaits the end: the isolate keeps the host alive until it is gone.
      channel.ref();
      this.#endChannel(channel, 'dispose');
    });
  }
}

function sameSlots(a: readonly FunctionSlot[], b: readonly FunctionSlot[]): boolean {
  return a.length === b.length && a.every((slot, i) => slot.path.join('\0') === b[i]!.path.join('\0'));
}

/**
 * The host's side of a shape: its data, frozen, with each function slot an async stand-in of the
 * same name and length that calls across.
 */
function buildProxy(shape: Shape, supervisor: Supervisor): unknown {
  let root = shape.data;
  shape.functions.forEach((slot, index) => {
    const fn = slot.path.length ? slot.path.join('.') : slot.name || 'default';
    const stub = function (this: unknown, ...args: unknown[]) {
      return supervisor.call(index, fn, args);
    };
    Object.defineProperty(stub, 'name', { value: slot.name });
    Object.defineProperty(stub, 'length', { value: slot.length });
    if (!slot.path.length) {
      root = stub;
      return;
    }
    let at = root as Record<string | number, unknown>;
    for (const key of slot.path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[slot.path[slot.path.length - 1]!] = stub;
  });
  return deepFreeze(root);
}

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return value;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (typeof value === 'object' && proto !== Object.prototype && proto !== null && !Array.isArray(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key], seen);
  return value;
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
