/**
 * The messages between the host and a plugin's isolate, shared by both sides. Messages are arrays
 * with a numeric tag, not objects: a call is the hot path, and a short array is what structured
 * clone copies fastest.
 */

/** Host → isolate: import the module at `path` and follow `attr`. */
export const LOAD = 0;
/** Host → isolate: call the loaded value (a function or class) with the arguments. */
export const INVOKE = 1;
/** Host → isolate: call function number `fn` of the shape with the arguments. */
export const CALL = 2;
/** Isolate → host: the module loaded (or was invoked); here is its shape. */
export const LOADED = 3;
/** Isolate → host: loading failed, at a phase. */
export const LOAD_FAILED = 4;
/** Isolate → host: a call returned. */
export const RESULT = 5;
/** Isolate → host: a call threw (or its promise rejected). */
export const THREW = 6;
/** Isolate → host: an uncaught error is about to end the isolate. */
export const FATAL = 7;

export type HostMessage =
  | [typeof LOAD, path: string, attr: string | undefined]
  | [typeof INVOKE, args: readonly unknown[]]
  | [typeof CALL, id: number, fn: number, args: readonly unknown[]];

export type IsolateMessage =
  | [typeof LOADED, shape: Shape, pid: number]
  | [typeof LOAD_FAILED, failure: LoadFailure]
  | [typeof RESULT, id: number, value: unknown]
  | [typeof THREW, id: number, error: SerializedError]
  | [typeof FATAL, error: SerializedError];

/** One function of the plugin, as the host's proxy sees it. */
export interface FunctionSlot {
  /** Keys from the plugin's root to the function; `[]` when the plugin is itself a function. */
  readonly path: readonly (string | number)[];
  readonly name: string;
  readonly length: number;
}

/**
 * A plugin as data: `data` is the plugin with every function left out (structured-cloned by the
 * channel), and `functions` says where each function was, in the order calls name them.
 */
export interface Shape {
  readonly data: unknown;
  readonly functions: readonly FunctionSlot[];
}

export type LoadFailure =
  | { readonly phase: 'import' | 'invoke'; readonly error: SerializedError }
  | { readonly phase: 'attr-threw' | 'not-cloneable'; readonly error: SerializedError }
  | { readonly phase: 'attr-missing'; readonly missing: string; readonly keys: readonly string[] };

/** An error as it crosses the boundary: structured clone keeps only `message` and `stack` of an Error. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly code: unknown;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: String(e.message),
      stack: typeof e.stack === 'string' ? e.stack : undefined,
      code: typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined,
    };
  }
  // A thrown string or number: keep it readable, with no stack to pretend.
  let message: string;
  try {
    message = String(error);
  } catch {
    message = Object.prototype.toString.call(error);
  }
  return { name: 'Error', message: `non-error thrown: ${message}`, stack: undefined, code: undefined };
}

/** Rebuilds an error thrown inside the isolate as an Error of the host's realm. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  if (serialized.code !== undefined) (error as Error & { code?: unknown }).code = serialized.code;
  return error;
}
