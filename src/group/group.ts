/**
 * `defineGroup()`: a typed plugin group. Discovery plus policies (block, allow, autoload switch,
 * trust, host compatibility, conflicts) without importing anything, then loading one, some or all
 * plugins, each under a timeout and checked against a Standard Schema, with one broken plugin never
 * stopping the others.
 */
import { createGroup } from './manager.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { Isolated, IsolateSetting } from '../isolate/index.js';
import type { Group, GroupOptions, InvokeArgs, Invoked } from './types.js';

export function defineGroup<S extends StandardSchemaV1, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly meta?: MS;
    readonly invoke?: undefined;
    readonly isolate: IsolateSetting;
  },
): Group<Isolated<StandardSchemaV1.InferOutput<S>>, StandardSchemaV1.InferInput<MS>>;
/** Defines a group of isolated plugins of the declared type `T`: each is an `Isolated<T>` proxy. */
export function defineGroup<T = unknown, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<T> & { readonly meta?: MS; readonly invoke?: undefined; readonly isolate: IsolateSetting },
): Group<Isolated<T>, StandardSchemaV1.InferInput<MS>>;
/** Isolated plugins that export a function or class, invoked inside the isolate. */
export function defineGroup<S extends StandardSchemaV1, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly meta?: MS;
    readonly invoke: InvokeArgs<StandardSchemaV1.InferOutput<S>>;
    readonly isolate: IsolateSetting;
  },
): Group<Isolated<Invoked<StandardSchemaV1.InferOutput<S>>>, StandardSchemaV1.InferInput<MS>>;
/** Isolated plugins of the declared type `T`, a function or class invoked inside the isolate. */
export function defineGroup<T, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<T> & { readonly meta?: MS; readonly invoke: InvokeArgs<T>; readonly isolate: IsolateSetting },
): Group<Isolated<Invoked<T>>, StandardSchemaV1.InferInput<MS>>;
/**
 * Defines a plugin group.
 *
 * @param name the group plugins declare under `entryPoints` in their package.json.
 * @param options schema, meta schema, policies, timeout, invoke and discovery options; all
 * optional. `trust` and `conflicts` default to the host's declaration of the group in its
 * package.json `entryPointGroups`; an option given here wins.
 * @returns the group: `discover()`, `load(name)`, `loadAll()`, `loadNamed(names)`.
 * @example
 * ```ts
 * import { defineGroup } from 'plugboard';
 * import * as z from 'zod';
 *
 * const formatters = defineGroup('my-app.formatters', {
 *   schema: z.object({ format: z.custom<(s: string) => string>((f) => typeof f === 'function') }),
 * });
 * const { plugins, errors } = await formatters.loadAll();
 * ```
 */
export function defineGroup<S extends StandardSchemaV1, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly meta?: MS;
    readonly invoke?: undefined;
  },
): Group<StandardSchemaV1.InferOutput<S>, StandardSchemaV1.InferInput<MS>>;
/**
 * Defines a plugin group whose plugins export a function or class, called with `invoke` on load
 * (stevedore's `invoke_on_load`); the plugin is the result. The schema checks the exported object.
 */
export function defineGroup<S extends StandardSchemaV1, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<StandardSchemaV1.InferOutput<S>> & {
    readonly schema: S;
    readonly meta?: MS;
    readonly invoke: InvokeArgs<StandardSchemaV1.InferOutput<S>>;
  },
): Group<Invoked<StandardSchemaV1.InferOutput<S>>, StandardSchemaV1.InferInput<MS>>;
/** Defines a plugin group whose plugins have the declared type `T` (unchecked at runtime without a schema). */
export function defineGroup<T = unknown, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options?: GroupOptions<T> & { readonly meta?: MS; readonly invoke?: undefined },
): Group<T, StandardSchemaV1.InferInput<MS>>;
/** Defines a plugin group whose plugins export `T`, a function or class called with `invoke`. */
export function defineGroup<T, MS extends StandardSchemaV1 = StandardSchemaV1>(
  name: string,
  options: GroupOptions<T> & { readonly meta?: MS; readonly invoke: InvokeArgs<T> },
): Group<Invoked<T>, StandardSchemaV1.InferInput<MS>>;
export function defineGroup(
  name: string,
  options: GroupOptions & { readonly invoke?: readonly unknown[] | undefined } = {},
): Group<unknown> {
  return createGroup(name, options);
}
