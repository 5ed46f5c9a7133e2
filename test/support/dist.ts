/** What dist/ holds once `npm run build` ran: which files each entry makes a host parse. */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './fixtures.js';

export const dist: string = join(repoRoot, 'dist');

/** Every file of dist/ that `import` of `entry` parses: the entry and the chunks it imports, transitively. */
export function loadedBy(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    // `import { … } from "./x.js"`, `export … from "./x.js"` and the bare `import "./x.js"` esbuild
    // writes for a chunk whose side effects an entry needs.
    for (const [, spec] of text.matchAll(/^(?:import|export)\b[^;]*?"(\.{1,2}\/[^"]+)";?$/gms)) {
      visit(relative(dist, join(dist, dirname(file), spec!)));
    }
  };
  visit(entry);
  return [...seen];
}
