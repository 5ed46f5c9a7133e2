/**
 * `defineGroup()` takes its defaults from the host's declaration of the group, explicit options
 * win, and every entry's meta is checked at discovery: against the host's JSON Schema, or the
 * group's own Standard Schema `meta`. Nothing is imported to do so.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as z from 'zod';
import { defineGroup } from '../../src/index.js';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';

const GROUP = 'app.things';
let app: string;

/** The app's package.json with `declaration` as its declaration of the group (none for `undefined`). */
function declare(declaration: Record<string, unknown> | undefined): void {
  const path = join(app, 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  if (declaration === undefined) delete manifest.entryPointGroups;
  else manifest.entryPointGroups = { [GROUP]: declaration };
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

beforeAll(() => {
  const src = tempDir('decl-src');
  const plugin = (name: string, entries: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    writePackage(src, {
      name,
      type: 'module',
      entryPoints: { [GROUP]: entries },
      // Importing any of them would fail the test: discovery and meta checks import nothing.
      files: { 'index.js': `throw new Error('${name} was imported');\n` },
      ...extra,
    });
  const transitive = plugin('plugin-transitive', { transitive: { value: '.', meta: { order: 3 } } });
  const [transitiveTgz] = packMany([transitive]);
  const dirs = [
    plugin('plugin-direct', { direct: { value: '.', meta: { order: 1 } } }),
    plugin('plugin-words', { words: { value: '.', meta: { order: 'first' } } }),
    plugin('plugin-bare', { bare: '.' }),
    plugin('dup-one', { dup: '.' }),
    plugin('dup-two', { dup: '.' }),
    // Depends on plugin-transitive, which npm hoists beside it: installed, but no dependency of the app.
    writePackage(src, { name: 'wrapper', dependencies: { 'plugin-transitive': `file:${transitiveTgz}` } }),
  ];
  app = installHost({ name: 'app', install: packMany(dirs).map((tarball) => ({ tarball })) });
});

const names = () => defineGroup(GROUP, { cwd: app, env: {} }).discover();
const codes = (eps: ReturnType<typeof names>) => eps.diagnostics.map((d) => `${d.code} ${d.package}`).sort();

describe('defaults from the declaration', () => {
  test("trust: the declaration's 'installed' accepts the hoisted transitive plugin; an explicit trust wins", () => {
    declare(undefined);
    expect(names().names).not.toContain('transitive');
    expect(codes(names())).toContain('untrusted plugin-transitive');
    declare({ trust: 'installed' });
    expect(names().names).toContain('transitive');
    const explicit = defineGroup(GROUP, { cwd: app, env: {}, trust: 'dependencies' }).discover();
    expect(explicit.names).not.toContain('transitive');
  });

  test("conflicts: the declaration's 'first' keeps one dup; an explicit conflicts wins", () => {
    declare(undefined);
    expect(codes(names()).filter((c) => c.startsWith('conflict-refused'))).toHaveLength(2);
    declare({ conflicts: 'first' });
    expect(
      names()
        .select({ name: 'dup' })
        .toArray()
        .map((ep) => ep.package.name),
    ).toEqual(['dup-one']);
    const explicit = defineGroup(GROUP, { cwd: app, env: {}, conflicts: 'all' }).discover();
    expect(explicit.select({ name: 'dup' }).size).toBe(2);
  });

  test('a broken declaration is a diagnostic of the group, and none of its defaults apply', () => {
    declare({ trust: 'always' });
    const found = names();
    // Not even a part of it: the default, 'dependencies', still refuses the transitive plugin.
    expect(codes(found)).toContain('untrusted plugin-transitive');
    expect(found.diagnostics.find((d) => d.code === 'invalid-declaration')?.message).toBe(
      `app (${app}/package.json): group '${GROUP}' in "entryPointGroups" has trust "always": it must be 'installed' or 'dependencies'; it was ignored`,
    );
  });
});

describe('meta, checked at discovery', () => {
  const meta = { type: 'object', properties: { order: { type: 'number' } }, required: ['order'] };

  test("the host's JSON Schema refuses a bad meta as invalid-meta, and an entry without meta is checked as {}", async () => {
    declare({ meta, trust: 'installed' });
    const found = names();
    expect(found.names).toEqual(expect.arrayContaining(['direct', 'transitive']));
    expect(found.names).not.toContain('words');
    expect(found.names).not.toContain('bare');
    const words = found.diagnostics.find((d) => d.code === 'invalid-meta' && d.name === 'words')!;
    expect(words).toMatchObject({ severity: 'error', package: 'plugin-words', group: GROUP });
    expect(words.message).toBe(
      `entry point 'words' in group '${GROUP}' of plugin-words (${app}/node_modules/plugin-words/package.json): its meta does not satisfy the meta schema that app (${app}/package.json) declares for group '${GROUP}': meta.order must be number; fix "meta" in ${app}/node_modules/plugin-words/package.json`,
    );
    expect(found.diagnostics.find((d) => d.name === 'bare')?.message).toContain(
      "meta must have required property 'order'",
    );
    // load() and loadAll() refuse it with a coded error, and import nothing.
    const group = defineGroup(GROUP, { cwd: app, env: {} });
    await expect(group.load('words')).rejects.toMatchObject({ code: 'invalid-meta', name: 'InvalidMetaError' });
    const { errors } = await group.loadNamed(['words', 'bare']);
    expect(errors.map((e) => e.code)).toEqual(['invalid-meta', 'invalid-meta']);
  });

  test("the group's Standard Schema meta wins over the host's JSON Schema", () => {
    declare({ meta });
    const found = defineGroup(GROUP, {
      cwd: app,
      env: {},
      meta: z.object({ order: z.union([z.number(), z.string()]) }).optional(),
    }).discover();
    expect(found.names).toEqual(expect.arrayContaining(['words', 'bare', 'direct']));
    const strict = defineGroup(GROUP, { cwd: app, env: {}, meta: z.object({ order: z.number() }) }).discover();
    expect(strict.diagnostics.find((d) => d.name === 'words')?.message).toContain(
      `its meta does not satisfy the meta schema of defineGroup('${GROUP}'): meta.order: `,
    );
  });

  test('a meta schema that does not compile is an invalid-declaration diagnostic, and no entry is refused for it', () => {
    declare({ meta: { type: 'no-such-type' } });
    const found = names();
    expect(found.names).toContain('words');
    expect(found.diagnostics.find((d) => d.code === 'invalid-declaration')?.message).toMatch(
      new RegExp(
        `^app \\(${app}/package.json\\): group '${GROUP}' in "entryPointGroups" has a meta schema that does not compile: `,
      ),
    );
  });

  test('an async meta schema is refused with a TypeError, since discovery is synchronous', () => {
    declare(undefined);
    const group = defineGroup(GROUP, {
      cwd: app,
      env: {},
      meta: z.object({ order: z.number() }).refine(async () => true),
    });
    expect(() => group.discover()).toThrow(TypeError);
  });
});

describe('ajv stays lazy', () => {
  test("import 'plugboard' and a group without a meta schema load no validator; a declared meta schema does", () => {
    const host = installHost({
      name: 'lazy',
      plugboard: true,
      manifest: { entryPointGroups: { [GROUP]: { meta: { type: 'object' } } } },
    });
    // Present in the tarball's dependencies, so only the loading is in question.
    expect(readFileSync(join(host, 'node_modules/ajv/package.json'), 'utf8')).toContain('"name": "ajv"');
    const script = (group: string) =>
      [
        "import { createRequire } from 'node:module';",
        "import { defineGroup } from 'plugboard';",
        `defineGroup(${JSON.stringify(group)}).discover();`,
        'const cache = createRequire(import.meta.url).cache;',
        "console.log(Object.keys(cache).some((k) => k.includes('/node_modules/ajv/')));",
      ].join('\n');
    const run = (group: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script(group)], { cwd: host, encoding: 'utf8' });
    expect(run('other.group').stdout.trim()).toBe('false');
    expect(run(GROUP).stdout.trim()).toBe('true');
  });
});
