/**
 * The naming rules of the declaration format (docs/spec.md). Checked once, when an entry point is
 * built, never when it is used.
 */

/**
 * Keys that would reach `Object.prototype` if anyone ever stored them in a plain object. They are
 * refused everywhere: as groups, as names and as attribute segments.
 */
const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Group and entry names: a letter, digit, `_` or `@`, then letters, digits and `_ . - / : @`. */
const NAME = /^[A-Za-z0-9_@][A-Za-z0-9_.\-/:@]{0,213}$/;

/**
 * `.` or `./a/b`: no empty, `.` or `..` segments, no backslash, colon or whitespace, and no `%`:
 * Node decodes percent-encoding in a specifier, so `./%2e%2e/x` would be a `..` segment.
 */
const MODULE = /^\.(?:\/(?!\.{1,2}(?:\/|$))[^/:\\\s%]+)*$/;

/** A dotted path of JavaScript identifiers. */
const ATTR = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** A RESERVED word as a whole segment of a dotted path (one test, not a split per value). */
const RESERVED_SEGMENT = /(?:^|\.)(__proto__|constructor|prototype)(?=\.|$)/;

/** Why `group` is not a valid group name, or `undefined` when it is. */
export function checkGroup(group: string): string | undefined {
  return checkName(group, 'group');
}

/** Why `name` is not a valid entry name, or `undefined` when it is. */
export function checkName(name: string, what = 'entry name'): string | undefined {
  if (RESERVED.has(name))
    return `'${name}' is reserved and cannot be used as ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`;
  if (!NAME.test(name)) {
    return `${what} '${name}' must start with a letter, digit, '_' or '@', contain only letters, digits and _ . - / : @, and be at most 214 characters`;
  }
  return undefined;
}

/** A parsed `<module>[:<attr>]`. */
export interface ParsedValue {
  readonly module: string;
  readonly attr: string | undefined;
}

/** Parses a value string, or returns why it is invalid. */
export function parseValue(value: string): ParsedValue | string {
  const colon = value.indexOf(':');
  const module = colon === -1 ? value : value.slice(0, colon);
  const attr = colon === -1 ? undefined : value.slice(colon + 1);
  if (!MODULE.test(module)) {
    return `module '${module}' must be '.' or './subpath' (no '..', no backslashes, no '%')`;
  }
  if (attr !== undefined) {
    if (!ATTR.test(attr))
      return `attribute '${attr}' must be a dotted path of identifiers, like 'plugin' or 'registry.plugin'`;
    const reserved = RESERVED_SEGMENT.exec(attr);
    if (reserved) return `attribute '${attr}' uses the reserved name '${reserved[1]}'`;
  }
  return { module, attr };
}
