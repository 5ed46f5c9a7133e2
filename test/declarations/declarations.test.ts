/**
 * The reader of `entryPointGroups` and the JSON Schema that describes it: both give the same
 * verdict, and a declaration that breaks the format is an `invalid-declaration` diagnostic naming
 * the host and its package.json, ignored as a whole.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { readDeclarations } from '../../src/discovery/index.js';
import { repoRoot } from '../support/fixtures.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/entry-point-groups.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false }).compile(schema);
const manifest = (entryPointGroups: unknown) => ({ name: 'mdgen', version: '1.2.0', entryPointGroups });
const read = (groups: unknown) => readDeclarations(manifest(groups), '/x/mdgen/package.json');

describe('readDeclarations', () => {
  test('reads a declaration with every field', () => {
    const { groups, diagnostics } = read({
      'mdgen.transformers': {
        description: 'Transform markdown',
        trust: 'dependencies',
        conflicts: 'first',
        meta: { type: 'object' },
        types: './types:Transformer',
        template: './templates/plugin.ts',
      },
    });
    expect(diagnostics).toEqual([]);
    expect(groups).toEqual([
      {
        group: 'mdgen.transformers',
        host: { name: 'mdgen', version: '1.2.0', dir: '/x/mdgen', manifestPath: '/x/mdgen/package.json' },
        description: 'Transform markdown',
        trust: 'dependencies',
        conflicts: 'first',
        meta: { type: 'object' },
        types: { module: './types', name: 'Transformer' },
        template: './templates/plugin.ts',
      },
    ]);
    expect(Object.isFrozen(groups[0])).toBe(true);
  });

  test('a broken declaration is ignored as a whole, with a diagnostic naming the host and its package.json', () => {
    const { groups, diagnostics } = read({
      good: {},
      strict: { trust: 'always' },
      typo: { trsut: 'dependencies' },
      'bad name': {},
      list: [],
    });
    expect(groups.map((d) => d.group)).toEqual(['good']);
    expect(diagnostics.map((d) => [d.code, d.severity, d.group, d.message])).toMatchInlineSnapshot(`
      [
        [
          "invalid-declaration",
          "error",
          "strict",
          "mdgen (/x/mdgen/package.json): group 'strict' in "entryPointGroups" has trust "always": it must be 'installed' or 'dependencies'; it was ignored",
        ],
        [
          "invalid-declaration",
          "error",
          "typo",
          "mdgen (/x/mdgen/package.json): group 'typo' in "entryPointGroups" has unknown field 'trsut' (known: description, trust, conflicts, meta, types, template); it was ignored",
        ],
        [
          "invalid-declaration",
          "error",
          "bad name",
          "mdgen (/x/mdgen/package.json): "entryPointGroups" declares an invalid group: group 'bad name' must start with a letter, digit, '_' or '@', contain only letters, digits and _ . - / : @, and be at most 214 characters; it was ignored",
        ],
        [
          "invalid-declaration",
          "error",
          "list",
          "mdgen (/x/mdgen/package.json): group 'list' in "entryPointGroups" must be an object, not an array; it was ignored",
        ],
      ]
    `);
  });

  test('a field that is not an object of groups is one diagnostic', () => {
    expect(read(['mdgen.transformers']).diagnostics.map((d) => d.message)).toEqual([
      'mdgen (/x/mdgen/package.json): "entryPointGroups" must be an object of groups, not an array; it was ignored',
    ]);
  });
});

describe('schema/entry-point-groups.schema.json', () => {
  // The schema and the code must give the same verdict, or editors would bless what hosts ignore.
  const declarations: [string, unknown][] = [
    ['empty', {}],
    ['description', { description: 'x' }],
    ['description not a string', { description: 1 }],
    ['trust installed', { trust: 'installed' }],
    ['trust dependencies', { trust: 'dependencies' }],
    ['trust always', { trust: 'always' }],
    ['conflicts last', { conflicts: 'last' }],
    ['conflicts any', { conflicts: 'any' }],
    ['meta object', { meta: { type: 'object' } }],
    ['meta true', { meta: true }],
    ['meta string', { meta: 'object' }],
    ['types root', { types: '.:Plugin' }],
    ['types subpath', { types: './types:Plugin' }],
    ['types without a type', { types: './types' }],
    ['types dotted', { types: '.:a.Plugin' }],
    ['types up', { types: './..:Plugin' }],
    ['types bare', { types: 'mdgen:Plugin' }],
    ['template', { template: './templates/plugin.ts' }],
    ['template up', { template: './../plugin.ts' }],
    ['template up inside', { template: './a/../plugin.ts' }],
    ['template bare', { template: 'plugin.ts' }],
    ['unknown field', { trsut: 'dependencies' }],
    ['an array', []],
    ['null', null],
  ];
  test.each(declarations)('agrees with the reader on %s', (_, declaration) => {
    const groups = { 'mdgen.transformers': declaration };
    const accepted = read(groups).diagnostics.length === 0;
    expect(validate(manifest(groups))).toBe(accepted);
  });

  test.each(['mdgen.transformers', '@acme/x', 'a b', '__proto__', ''])(
    'agrees with the reader on the group %j',
    (group) => {
      const groups = JSON.parse(`{${JSON.stringify(group)}: {}}`);
      expect(validate(manifest(groups))).toBe(read(groups).diagnostics.length === 0);
    },
  );

  test('is exported by the package, beside the entryPoints schema', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.exports['./schema/entry-point-groups.schema.json']).toBe('./schema/entry-point-groups.schema.json');
    expect(pkg.files).toContain('schema');
    expect(readFileSync(join(repoRoot, 'schema/entry-point-groups.schema.json'), 'utf8')).not.toContain('docs/');
  });

  test('every host declaration example in docs validates', () => {
    const docs = ['docs/spec.md', 'docs/groups.md', 'docs/cli-hosts.md', 'README.md'].map((f) =>
      readFileSync(join(repoRoot, f), 'utf8'),
    );
    const blocks = docs.flatMap((text) => [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!)));
    const examples = blocks.filter((block) => 'entryPointGroups' in block);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      expect(readDeclarations(example, '/x/package.json').diagnostics).toEqual([]);
    }
  });
});
