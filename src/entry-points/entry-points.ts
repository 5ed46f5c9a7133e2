/**
 * `EntryPoints`: an immutable, iterable collection of entry points, with the diagnostics discovery
 * produced beside them. Filtering returns the same type.
 */
import type { Diagnostic } from '../core/index.js';
import type { EntryPoint, Selector } from './entry-point.js';
import { AmbiguousEntryPointError, EntryPointNotFoundError } from './errors.js';

/**
 * The result of discovery.
 *
 * Order: packages in lookup precedence (the package the host would import first comes first; within
 * one lookup directory, by package name), then entries in the order their package declares them.
 */
export class EntryPoints implements Iterable<EntryPoint> {
  /** What discovery skipped or wants you to know, beside what it found. */
  readonly diagnostics: readonly Diagnostic[];
  readonly #items: readonly EntryPoint[];

  constructor(items: Iterable<EntryPoint>, diagnostics: Iterable<Diagnostic> = []) {
    this.#items = Object.freeze([...items]);
    this.diagnostics = Object.freeze([...diagnostics]);
    Object.freeze(this);
  }

  /** How many entry points there are. */
  get size(): number {
    return this.#items.length;
  }

  /** The distinct entry names, sorted. */
  get names(): readonly string[] {
    return distinctSorted(this.#items.map((ep) => ep.name));
  }

  /** The distinct groups, sorted. */
  get groups(): readonly string[] {
    return distinctSorted(this.#items.map((ep) => ep.group));
  }

  /**
   * The entry points that match every property of `selector`, with the diagnostics that concern
   * them (a diagnostic about another group or package is left out).
   *
   * @example
   * ```ts
   * const mine = all.select({ group: 'my-plugins' });
   * ```
   */
  select(selector: Selector): EntryPoints {
    return new EntryPoints(
      this.#items.filter((ep) => ep.matches(selector)),
      this.diagnostics.filter((d) => concerns(d, selector)),
    );
  }

  /**
   * The one entry point called `name`.
   *
   * @throws {EntryPointNotFoundError} `not-found` when there is none.
   * @throws {AmbiguousEntryPointError} `ambiguous` when there are several (other groups or packages).
   */
  get(name: string): EntryPoint {
    const found = this.#items.filter((ep) => ep.name === name);
    if (found.length === 0) throw new EntryPointNotFoundError({ name, available: this.names, groups: this.groups });
    if (found.length > 1) throw new AmbiguousEntryPointError({ name, candidates: found });
    return found[0]!;
  }

  [Symbol.iterator](): Iterator<EntryPoint> {
    return this.#items[Symbol.iterator]();
  }

  /** The entry points as an array (a copy). */
  toArray(): EntryPoint[] {
    return [...this.#items];
  }

  /** Plain data, for `--json` output. */
  toJSON(): { entryPoints: ReturnType<EntryPoint['toJSON']>[]; diagnostics: readonly Diagnostic[] } {
    return { entryPoints: this.#items.map((ep) => ep.toJSON()), diagnostics: this.diagnostics };
  }
}

function distinctSorted(values: string[]): readonly string[] {
  return Object.freeze([...new Set(values)].sort());
}

/** Whether diagnostic `d` concerns what `selector` selects (it names no other group, entry or package). */
export function concerns(d: Diagnostic, selector: Selector): boolean {
  return (
    (selector.group === undefined || d.group === undefined || d.group === selector.group) &&
    (selector.name === undefined || d.name === undefined || d.name === selector.name) &&
    (selector.package === undefined || d.package === undefined || d.package === selector.package)
  );
}
