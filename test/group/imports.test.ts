/**
 * Folders are boundaries (docs: STYLE 2b): a file of src/group, src/tools or src/cli imports another
 * folder only through its index.ts, and their imports form no cycle. group.ts and manager.ts once
 * imported each other (issue 14); their shared types now live in group/types.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/fixtures.js';

const src = join(repoRoot, 'src');
const FOLDERS = ['group', 'tools', 'cli'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of `file`, type-only ones included (a cycle of types is one too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
}

const folderOf = (file: string) => relative(src, file).split(sep)[0];
const mine = FOLDERS.flatMap((folder) => files(join(src, folder)));

test('another folder is imported only through its index.ts', () => {
  const through = mine.flatMap((file) =>
    importsOf(file)
      .filter((target) => folderOf(target) !== folderOf(file) && !target.endsWith(`${sep}index.ts`))
      .map((target) => `${relative(src, file)} -> ${relative(src, target)}`),
  );
  expect(through).toEqual([]);
});

test('no import cycle within src/group, src/tools or src/cli', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of importsOf(file)) {
      if (folderOf(target) !== folderOf(file)) continue;
      if (state.get(target) === 'open')
        cycles.push([...stack.slice(stack.indexOf(target)), target].map((f) => relative(src, f)).join(' -> '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of mine) if (!state.has(file)) visit(file);
  expect(cycles).toEqual([]);
});

test("the group's type tests import the built entry 'plugboard', not src/", () => {
  const text = readFileSync(join(repoRoot, 'test/group/define-group.test-d.ts'), 'utf8');
  expect(text).toMatch(/from 'plugboard';/);
  expect(text).not.toMatch(/from '\.\.\/\.\.\/src\//);
});
