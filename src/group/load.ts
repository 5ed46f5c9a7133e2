/**
 * Loading one plugin of a group: import (through `EntryPoint.load()`), unwrap a module's default
 * export, validate against the group's schema, then invoke — all under one timeout.
 */
import type { EntryPoint } from '../entry-points/index.js';
import { ContractFailedError, InvokeFailedError, LoadTimeoutError } from './errors.js';
import { describe } from '../core/index.js';
import { ImportFailedError } from '../entry-points/index.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { IsolateSetting } from '../isolate/index.js';

/** How to load one plugin. */
export interface LoadSpec {
  readonly schema: StandardSchemaV1 | undefined;
  readonly invoke: readonly unknown[] | undefined;
  /** Milliseconds; `0` or `Infinity` for none. */
  readonly timeout: number;
  /** The group's `isolate` option; the isolates started are added to `isolates`. */
  readonly isolate?: IsolateSetting | undefined;
  readonly isolates?: Set<{ dispose(): Promise<void> }>;
  /**
   * Loads in an isolate when `isolate` is set (group/isolated.ts). Passed in, not imported, so that
   * code that never isolates (the bundler's browser runtime) carries no path to the isolate code.
   */
  readonly loadIsolated?: (ep: EntryPoint, spec: LoadSpec, signal: AbortSignal) => Promise<unknown>;
}

/** Loads, validates and invokes `ep`'s object, rejecting with a coded error. */
export function loadPlugin(ep: EntryPoint, spec: LoadSpec): Promise<unknown> {
  const abort = spec.isolate === undefined || !spec.loadIsolated ? undefined : new AbortController();
  const work = abort ? spec.loadIsolated!(ep, spec, abort.signal) : loadUnbounded(ep, spec);
  if (!(spec.timeout > 0 && Number.isFinite(spec.timeout))) return work;
  return new Promise((resolve, reject) => {
    // A referenced timer on purpose: when a plugin's top-level await waits on nothing, this timer is
    // what keeps the event loop alive long enough to report it (Node would otherwise exit with
    // code 13, "unsettled top-level await", and the other plugins would never load).
    const timer = setTimeout(() => {
      abort?.abort();
      reject(new LoadTimeoutError({ entryPoint: ep, timeout: spec.timeout }));
    }, spec.timeout);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Loads in this process: import, unwrap, validate, invoke. */
export async function loadUnbounded(ep: EntryPoint, spec: LoadSpec): Promise<unknown> {
  let value = pluginOf(ep, await ep.load());
  if (spec.schema) value = await validate(ep, spec.schema, value);
  if (spec.invoke && typeof value === 'function') {
    try {
      value = isClass(value)
        ? Reflect.construct(value, spec.invoke)
        : await Reflect.apply(value, undefined, spec.invoke);
    } catch (error) {
      throw new InvokeFailedError({ entryPoint: ep, cause: error });
    }
  }
  return value;
}

/** Checks `value` against the group's schema; the plugin is the schema's output. */
export async function validate(ep: EntryPoint, schema: StandardSchemaV1, value: unknown): Promise<unknown> {
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await schema['~standard'].validate(value);
  } catch (error) {
    throw new ContractFailedError({
      entryPoint: ep,
      path: modulePath(ep),
      issues: [{ message: `the schema's validate() threw: ${describe(error)}` }],
    });
  }
  // A validator that breaks the Standard Schema contract (no result object, issues that are not
  // an array) is the group's bug, but it still fails this plugin with a code, not a TypeError.
  if (result === null || typeof result !== 'object') {
    throw new ContractFailedError({
      entryPoint: ep,
      path: modulePath(ep),
      issues: [{ message: `the schema's validate() returned ${describe(result)}, not a Standard Schema result` }],
    });
  }
  if (result.issues) {
    const issues = Array.isArray(result.issues)
      ? result.issues
      : [{ message: `the schema's validate() returned issues that are not an array: ${describe(result.issues)}` }];
    throw new ContractFailedError({ entryPoint: ep, path: modulePath(ep), issues });
  }
  return result.value;
}

/**
 * An entry without `:attr` loads the module namespace. When that namespace has a default export,
 * the plugin is the default export (as avvio unwraps `{ default }`): that is also what a CommonJS
 * plugin's `module.exports` becomes under `import()`.
 */
export function unwrapDefault(ep: EntryPoint, value: unknown): unknown {
  if (ep.attr !== undefined || value === null || typeof value !== 'object') return value;
  let plugin: unknown = value;
  if (Object.prototype.toString.call(value) === '[object Module]' && 'default' in value)
    plugin = (value as { default: unknown }).default;
  // CommonJS compiled from `export default` (TypeScript, Babel) is `exports.default` with an
  // `__esModule` marker, and Node's import() gives the whole `exports` as the default: unwrap once
  // more, as bundlers and TypeScript's esModuleInterop do (and as a loader that already applied
  // that interop, like a bundler's or a test runner's, hands over directly).
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

/** Classes must be constructed with `new`; plain and async functions are called. */
function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function modulePath(ep: EntryPoint): string | undefined {
  try {
    return ep.resolve();
  } catch {
    return undefined;
  }
}

/**
 * What a group makes of a loaded module before its schema and `invoke`: the module itself, or its
 * default export (`unwrapDefault`). Tools describe this, so `show --load` and `check --load` say
 * what a host gets, not the namespace around it. A default getter that throws is the module's own
 * failure (a Proxy as `module.exports` whose traps throw, a `default` getter that throws), reported
 * with a code like any other.
 */
export function pluginOf(ep: EntryPoint, loaded: unknown): unknown {
  try {
    return unwrapDefault(ep, loaded);
  } catch (error) {
    const path = modulePath(ep);
    throw new ImportFailedError({
      entryPoint: ep,
      path: path ?? '',
      cause: error,
      doing: `reading the default export of ${path ?? ep.value}`,
    });
  }
}
