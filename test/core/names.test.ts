import { describe, expect, test } from 'vitest';
import { checkGroup, checkName, parseValue } from '../../src/core/names.js';

describe('names', () => {
  test.each(['my-plugins', '@acme/tools', 'vite:plugins', 'plugin_a', '_x', 'a.b.c', '9lives'])(
    'accepts %s',
    (name) => {
      expect(checkName(name)).toBeUndefined();
      expect(checkGroup(name)).toBeUndefined();
    },
  );

  test.each(['', '-x', '.x', 'a b', 'a=b', '[x]', 'x'.repeat(215), 'é'])('refuses %j', (name) => {
    expect(checkName(name)).toMatch(/must start with/);
  });

  test.each(['__proto__', 'constructor', 'prototype'])('refuses the reserved %s as a group and a name', (name) => {
    expect(checkGroup(name)).toBe(`'${name}' is reserved and cannot be used as a group`);
    expect(checkName(name)).toBe(`'${name}' is reserved and cannot be used as an entry name`);
  });
});

describe('values', () => {
  test.each([
    ['.', '.', undefined],
    ['./plugin:plugin', './plugin', 'plugin'],
    ['./lib/index.js:default', './lib/index.js', 'default'],
    ['.:registry.plugin', '.', 'registry.plugin'],
    ['./a/b', './a/b', undefined],
    ['.:$x._y', '.', '$x._y'],
  ])('parses %s', (value, module, attr) => {
    expect(parseValue(value)).toEqual({ module, attr });
  });

  test.each([
    '',
    'plugin',
    'x:y',
    '/abs',
    '../x',
    './../x',
    './a/../b',
    './',
    './a//b',
    './a\\b',
    './a b',
    './a:',
    './a:1x',
    './a:x..y',
    './%2e%2e/x',
    './%2E%2E/x:plugin',
    './a%2fb',
  ])('refuses module or attr in %j', (value) => {
    expect(typeof parseValue(value)).toBe('string');
  });

  test.each(['./a:__proto__', './a:x.constructor', './a:prototype.x'])(
    'refuses reserved attribute segments in %s',
    (value) => {
      expect(parseValue(value)).toMatch(/reserved/);
    },
  );
});
