/**
 * Duplicate keys in entryPoints (fuzzer: JSON.parse silently drops the first of two equal keys, and
 * with it a declaration): `duplicateKeys()` finds them in the text, and `plugboard check` flags them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { duplicateKeys } from '../../src/discovery/index.js';
import { checkPackage } from '../../src/tools/index.js';
import { tempDir } from '../support/fixtures.js';

test('finds repeated groups, names and declaration keys inside the top-level entryPoints only', () => {
  const text = `{
    "name": "x", "scripts": { "a": "1", "a": "2" },
    "typedocOptions": { "entryPoints": { "k": 1, "k": 2 } },
    "entryPoints": {
      "g": { "a": ".", "b": ".", "\\u0061": "./other" },
      "h": { "c": { "value": ".", "value": "./y", "meta": { "m": [{ "q": 1, "q": 2 }] } } },
      "g": { "d": "." }
    },
    "entryPoints": {}
  }`;
  expect(duplicateKeys(text)).toEqual([
    { path: ['entryPoints', 'g'], key: 'a' },
    { path: ['entryPoints', 'h', 'c'], key: 'value' },
    { path: ['entryPoints', 'h', 'c', 'meta', 'm', '0'], key: 'q' },
    { path: ['entryPoints'], key: 'g' },
    { path: [], key: 'entryPoints' },
  ]);
  expect(duplicateKeys('{"entryPoints":{"g":{"a":".","b":"."}}}')).toEqual([]);
  // Strings holding braces, commas and escaped quotes are not structure.
  expect(duplicateKeys('{"entryPoints":{"g":{"a":"{,\\"}","a":"."}}}')).toEqual([
    { path: ['entryPoints', 'g'], key: 'a' },
  ]);
});

test('plugboard check flags an entry declared twice, naming the group, the entry and the file', async () => {
  const dir = join(tempDir('dup'), 'dup');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.js'), 'export const a = 1;\n');
  writeFileSync(
    join(dir, 'package.json'),
    '{"name":"dup","version":"1.0.0","type":"module","entryPoints":{"g":{"a":".:a","a":".:a"}}}',
  );
  const report = await checkPackage(dir, { packlist: false });
  expect(report.ok).toBe(false);
  expect(report.problems).toEqual([
    {
      code: 'duplicate-key',
      severity: 'error',
      message: `dup@1.0.0 (${join(dir, 'package.json')}): 'entryPoints' > 'g' has the key 'a' twice; JSON keeps only the last, so the first declaration is lost; remove or rename one`,
      path: join(dir, 'package.json'),
      group: 'g',
      name: 'a',
    },
  ]);
});
