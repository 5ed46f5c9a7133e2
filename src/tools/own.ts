/**
 * plugboard's own files (its package.json, its JSON Schema), found from wherever this code runs:
 * src/tools/ under test, a chunk in dist/ once built. Walking up to the package root, rather than a
 * fixed `../`, keeps that true whichever file the bundler puts this code in.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The absolute path of `relative` inside plugboard's package folder. */
export function ownFile(relative: string): string {
  if (root === undefined) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'schema', 'entry-points.schema.json')) && dirname(dir) !== dir) dir = dirname(dir);
    root = dir;
  }
  return join(root, relative);
}
