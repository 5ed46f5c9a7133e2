/**
 * Duplicate keys in a package.json's `entryPoints`. JSON.parse keeps the last of two equal keys, so
 * a group or an entry declared twice silently loses the first declaration (the fuzzer found this):
 * discovery cannot tell, having only the parsed object, but `plugboard check` reads the text and
 * says so. Not used by discovery itself, which must stay one JSON.parse per candidate.
 */

/** One key that appears twice in the same object. */
export interface DuplicateKey {
  /** The keys from the top of the package.json to the object that holds it: `['entryPoints', 'g']`. */
  readonly path: readonly string[];
  /** The repeated key, decoded. */
  readonly key: string;
}

interface Frame {
  readonly object: boolean;
  readonly path: readonly string[];
  readonly keys: Set<string> | undefined;
  expectKey: boolean;
  last: string;
  index: number;
}

/**
 * The keys repeated in the top-level `entryPoints` field of the JSON `text` (a repeated
 * `entryPoints` key itself included), in the order they appear. Text that is not valid JSON gives
 * what was found before the error; parse it first.
 *
 * @example
 * ```ts
 * duplicateKeys('{"entryPoints":{"g":{"a":".","a":"./x"}}}'); // [{ path: ['entryPoints', 'g'], key: 'a' }]
 * ```
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const open = (object: boolean) => {
    const parent = stack[stack.length - 1];
    const path = parent === undefined ? [] : [...parent.path, parent.object ? parent.last : String(parent.index)];
    // Keys are tracked at the top (for "entryPoints" itself) and anywhere inside entryPoints.
    const tracked = object && (path.length === 0 || path[0] === 'entryPoints');
    stack.push({ object, path, keys: tracked ? new Set() : undefined, expectKey: object, last: '', index: 0 });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return found;
        }
        top.expectKey = false;
        top.last = key;
        if (top.keys !== undefined) {
          if (top.keys.has(key) && (top.path.length > 0 || key === 'entryPoints')) found.push({ path: top.path, key });
          top.keys.add(key);
        }
      }
      i = end;
    } else if (c === 0x7b /* { */) open(true);
    else if (c === 0x5b /* [ */) open(false);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}
