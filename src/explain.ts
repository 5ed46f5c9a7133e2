/**
 * Explanations: why a package was or was not discovered, what to do about each diagnostic, and
 * what a loaded entry point exports. The CLI's `doctor` and `show` print these; they compute nothing.
 */

/** What a loaded entry point turned out to be. */
export interface ExportDescription {
  /** `class`, `function`, `object`, `array`, `null`, or another `typeof`. */
  readonly type: string;
  /** The function's or class's `name`, or an object's constructor name other than `Object`. */
  readonly name?: string;
  readonly callable: boolean;
  /** Own enumerable keys (for a module namespace: its exports), sorted. */
  readonly keys: readonly string[];
}

/** Describes a loaded value: its type and its keys. */
export function describeExport(value: unknown): ExportDescription {
  if (value === null) return { type: 'null', callable: false, keys: [] };
  if (typeof value === 'function') {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
    const name = (value as { name?: string }).name;
    return { type: isClass ? 'class' : 'function', ...(name ? { name } : {}), callable: true, keys: Object.keys(value).sort() };
  }
  if (Array.isArray(value)) return { type: 'array', callable: false, keys: [] };
  if (typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
    const name = ctor && ctor !== 'Object' ? ctor : undefined;
    // Module namespace objects have a null prototype and the tag 'Module'.
    const type = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Module' ? 'module' : 'object';
    return { type, ...(name ? { name } : {}), callable: false, keys: Object.keys(value).sort() };
  }
  return { type: typeof value, callable: false, keys: [] };
}
