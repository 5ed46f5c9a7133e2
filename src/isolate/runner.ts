/**
 * The bootstrap that runs inside a plugin's isolate: a worker thread or a child process. Built as its
 * own file (dist/isolate/runner.js) because `new Worker()` and `fork()` take a file. It imports the
 * plugin's module, sends the host the plugin's shape (its data, and where its functions are), then
 * answers calls. It imports nothing from discovery: only the plugin's own code runs beside it.
 */
import {
  CALL,
  FATAL,
  type FunctionSlot,
  type HostMessage,
  INVOKE,
  type IsolateMessage,
  LOAD,
  LOAD_FAILED,
  LOADED,
  RESULT,
  type Shape,
  serializeError,
  THREW,
} from './protocol.js';

const { isMainThread, parentPort } = await import('node:worker_threads');

/** Sends to the host; in a child process through IPC, in a worker through the parent port. */
const send: (message: IsolateMessage) => void = isMainThread
  ? (message) => process.send!(message)
  : (message) => parentPort!.postMessage(message);

/** The functions of the current shape, by the number calls name them with, with their `this`. */
let table: { fn: Function; self: unknown }[] = [];
let current: unknown;

const onMessage = (message: HostMessage): void => {
  switch (message[0]) {
    case CALL:
      call(message[1], message[2], message[3]);
      return;
    case LOAD:
      void load(message[1], message[2]);
      return;
    case INVOKE:
      void invoke(message[1]);
      return;
  }
};

function call(id: number, fn: number, args: readonly unknown[]): void {
  const slot = table[fn]!;
  let result: unknown;
  try {
    result = Reflect.apply(slot.fn, slot.self, args);
  } catch (error) {
    send([THREW, id, serializeError(error)]);
    return;
  }
  // A synchronous result is answered at once: no promise tick on the hot path.
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    (result as Promise<unknown>).then(
      (value) => reply(id, value),
      (error: unknown) => send([THREW, id, serializeError(error)]),
    );
  } else reply(id, result);
}

function reply(id: number, value: unknown): void {
  try {
    send([RESULT, id, value]);
  } catch (error) {
    // A function, a symbol or a class instance with private state in the result: the host gets
    // a coded error for this call instead of a dead isolate.
    send([THREW, id, { ...serializeError(error), code: 'ERR_PLUGBOARD_NOT_CLONEABLE' }]);
  }
}

async function load(path: string, attr: string | undefined): Promise<void> {
  let namespace: unknown;
  try {
    namespace = await importModule(path);
  } catch (error) {
    send([LOAD_FAILED, { phase: 'import', error: serializeError(error) }]);
    return;
  }
  let target = namespace;
  if (attr !== undefined) {
    for (const part of attr.split('.')) {
      let found: boolean;
      try {
        found =
          target !== null && (typeof target === 'object' || typeof target === 'function') && hasAttribute(target, part);
        if (found) target = (target as Record<string, unknown>)[part];
      } catch (error) {
        send([LOAD_FAILED, { phase: 'attr-threw', error: serializeError(error) }]);
        return;
      }
      if (!found) {
        let keys: string[] = [];
        try {
          keys = target !== null && typeof target === 'object' ? Object.keys(target) : [];
        } catch {
          // A Proxy whose ownKeys trap throws: its siblings stay unknown.
        }
        send([LOAD_FAILED, { phase: 'attr-missing', missing: part === attr ? part : `${part}' of '${attr}`, keys }]);
        return;
      }
    }
  }
  let shape: Shape;
  try {
    current = attr === undefined ? unwrapDefault(target) : target;
    shape = shapeOf(current);
  } catch (error) {
    send([LOAD_FAILED, { phase: 'attr-threw', error: serializeError(error) }]);
    return;
  }
  sendShape(shape);
}

/** A symbol or a WeakMap in the plugin's data is the plugin's fault, reported with a code. */
function sendShape(shape: Shape): void {
  try {
    send([LOADED, shape, process.pid]);
  } catch (error) {
    send([LOAD_FAILED, { phase: 'not-cloneable', error: serializeError(error) }]);
  }
}

async function invoke(args: readonly unknown[]): Promise<void> {
  try {
    if (typeof current === 'function') {
      current = /^class[\s{]/.test(Function.prototype.toString.call(current))
        ? Reflect.construct(current, args)
        : await Reflect.apply(current, undefined, args);
    }
  } catch (error) {
    send([LOAD_FAILED, { phase: 'invoke', error: serializeError(error) }]);
    return;
  }
  sendShape(shapeOf(current));
}

/**
 * The plugin as data plus function slots. Own enumerable properties are walked; so are the methods
 * a class instance inherits (anything but Object.prototype's), since a plugin made by `new` keeps
 * its methods there. Values structured clone copies as they are (Map, Date, typed arrays) are left
 * to it. A cycle is walked once.
 */
function shapeOf(root: unknown): Shape {
  const functions: FunctionSlot[] = [];
  table = [];
  const seen = new Map<object, unknown>();
  const walk = (value: unknown, path: (string | number)[], self: unknown): unknown => {
    if (typeof value === 'function') {
      table.push({ fn: value, self });
      functions.push({ path, name: typeof value.name === 'string' ? value.name : '', length: value.length });
      return undefined;
    }
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      value.forEach((item, i) => {
        copy[i] = walk(item, [...path, i], value);
      });
      return copy;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null && !isClassInstance(proto)) return value;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const key of Object.keys(value))
      copy[key] = walk((value as Record<string, unknown>)[key], [...path, key], value);
    for (let owner = proto; owner && owner !== Object.prototype; owner = Object.getPrototypeOf(owner)) {
      for (const key of Object.getOwnPropertyNames(owner)) {
        if (key === 'constructor' || key in copy) continue;
        const descriptor = Object.getOwnPropertyDescriptor(owner, key)!;
        if (typeof descriptor.value === 'function') copy[key] = walk(descriptor.value, [...path, key], value);
      }
    }
    return copy;
  };
  const data = walk(root, [], undefined);
  return { data, functions };
}

/** A prototype made by a class or a constructor function, not one of the built-ins structured clone knows. */
function isClassInstance(proto: object): boolean {
  const ctor = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && !/\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(ctor));
}

// As group/load.ts unwraps in the host: a module namespace's default export, and CommonJS compiled
// from `export default` (an `__esModule` marker) once more.
function unwrapDefault(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  let plugin: unknown = value;
  if (Object.prototype.toString.call(value) === '[object Module]' && 'default' in value)
    plugin = (value as { default: unknown }).default;
  if (
    plugin !== null &&
    typeof plugin === 'object' &&
    (plugin as { __esModule?: unknown }).__esModule === true &&
    'default' in plugin
  ) {
    return (plugin as { default: unknown }).default;
  }
  return plugin;
}

// As EntryPoint.load() follows `:attr` in the host: own or inherited, never from the built-ins.
function hasAttribute(target: object, part: string): boolean {
  for (let owner: object | null = target; owner !== null; owner = Object.getPrototypeOf(owner)) {
    if (owner === Object.prototype || owner === Function.prototype) return false;
    if (Object.hasOwn(owner, part)) return true;
  }
  return false;
}

async function importModule(path: string): Promise<unknown> {
  const { pathToFileURL } = await import('node:url');
  const url = pathToFileURL(path).href;
  if (path.endsWith('.json')) return import(url, { with: { type: 'json' } });
  if (path.endsWith('.node')) {
    const { createRequire } = await import('node:module');
    const exports: unknown = createRequire(url)(path);
    const named = typeof exports === 'object' && exports !== null ? exports : {};
    return Object.freeze({ __proto__: null, ...named, default: exports });
  }
  return import(url);
}

if (isMainThread) {
  // A child process: an uncaught error is told to the host before Node ends the process with it.
  process.on('uncaughtException', (error) => {
    const exit = () => process.exit(70);
    // process.send() is asynchronous: exit once the message is written, or soon if it never is.
    setTimeout(exit, 1000);
    try {
      process.send!([FATAL, serializeError(error)], undefined, undefined, exit);
    } catch {
      exit();
    }
  });
  process.on('message', onMessage as (message: unknown) => void);
  // The host closed the channel (dispose(), or the host died): nothing can call this plugin again.
  process.on('disconnect', () => process.exit(0));
} else {
  // In a worker, the Worker's 'error' event hands the host the uncaught error itself.
  parentPort!.on('message', onMessage);
}
