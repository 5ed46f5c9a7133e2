/** README sections are tests: this reads their fenced code blocks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';

/** The fenced blocks of one README section, in order. */
export function readmeBlocks(heading: string): { lang: string; code: string }[] {
  return docBlocks('README.md', heading);
}

/** The fenced blocks of one section (`## heading`) of a Markdown file of the repository, in order. */
export function docBlocks(file: string, heading: string): { lang: string; code: string }[] {
  const readme = readFileSync(join(repoRoot, file), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`${file} has no '## ${heading}' section`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}
