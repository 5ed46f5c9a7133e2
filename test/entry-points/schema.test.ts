import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { checkName, parseValue } from '../../src/core/names.js';
import { repoRoot } from '../support/fixtures.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/entry-points.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false }).compile(schema);
const manifest = (entryPoints: unknown) => ({ name: 'p', version: '1.0.0', entryPoints });

describe('schema/entry-points.schema.json', () => {
  test('every package.json example in docs/spec.md validates', () => {
    const spec = readFileSync(join(repoRoot, 'docs/spec.md'), 'utf8');
    const blocks = [...spec.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    const examples = blocks.filter((block) => 'entryPoints' in block);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  // The schema and the code must give the same verdict, or editors would bless what discovery drops.
  const names = [
    'my-plugins',
    '@acme/tools',
    'a:b',
    '_x',
    '',
    '-x',
    'a b',
    'a=b',
    '__proto__',
    'constructor',
    'prototype',
    'x'.repeat(215),
  ];
  test.each(names)('agrees with the code on the name %j', (name) => {
    const ok = checkName(name) === undefined;
    expect(validate(manifest({ [name]: { ok: '.' } }))).toBe(ok);
    expect(validate(manifest({ group: { [name]: '.' } }))).toBe(ok);
  });

  const values = [
    '.',
    './plugin:plugin',
    './lib/index.js:default',
    '.:a.b',
    'plugin',
    '../x',
    './a/../b',
    './',
    './a:',
    './a:1x',
    './a:__proto__',
    './a:x.constructor',
    './a\\b',
    'x:y',
  ];
  test.each(values)('agrees with the code on the value %j', (value) => {
    const ok = typeof parseValue(value) !== 'string';
    expect(validate(manifest({ g: { n: value } }))).toBe(ok);
    expect(validate(manifest({ g: { n: { value, meta: { any: ['json'] } } } }))).toBe(ok);
  });

  test('refuses unknown keys in the object form and non-object groups', () => {
    expect(validate(manifest({ g: { n: { value: '.', vaule: 1 } } }))).toBe(false);
    expect(validate(manifest({ g: ['.'] }))).toBe(false);
    expect(validate(manifest(['g']))).toBe(false);
  });
});
