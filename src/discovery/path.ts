// Path building for the hot paths of discovery. `path.join` normalises its result character by
// character; in code that runs once per process (never optimised by V8) that costs about 100,000
// instructions a call, more than a `stat`. Every path discovery builds is an already-normal
// absolute directory plus one name from `readdir` or a constant, for which concatenation gives
// join's result. Measured: docs/performance.md.
import { sep } from 'node:path';

/** `join(dir, name)` for a normal absolute `dir` and a `name` without separators or dots. */
export function child(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}
