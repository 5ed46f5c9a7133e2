/**
 * Issue 14: the policies' order is the policy, so it is a list of named policies in
 * src/group/policies.ts, and docs/groups.md shows the same list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { policies } from '../../src/group/policies.js';
import { repoRoot } from '../support/fixtures.js';

test('the policies run in one visible order, the one docs/groups.md shows', () => {
  const docs = readFileSync(join(repoRoot, 'docs/groups.md'), 'utf8');
  const shown = /const policies = \[([^\]]*)\]; \/\/ then conflicts/.exec(docs)?.[1];
  expect(shown?.split(',').map((name) => name.trim())).toEqual(policies.map((policy) => policy.name));
  expect(policies.map((policy) => policy.name)).toEqual(['blockList', 'allowList', 'trust', 'compatibility']);
});
