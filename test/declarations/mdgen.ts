/**
 * The mdgen scenario of issue 16, installed once with the real npm: a local CLI host `mdgen` that
 * declares the group it reads (`entryPointGroups`), installed as a devDependency of a site, and
 * plugins installed in the site: a good one, one whose peer range excludes mdgen, one that
 * misspells the group, and one whose meta breaks mdgen's meta schema.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { npm, packMany, plugboardTarball, tempDir, writePackage, writePackageAt } from '../support/fixtures.js';

export const GROUP = 'mdgen.transformers';

/** mdgen's declaration of its group, as its package.json says it. */
export const DECLARATION = {
  description: 'Transform markdown before rendering',
  meta: {
    type: 'object',
    properties: { order: { type: 'number', default: 50 }, description: { type: 'string' } },
    required: ['order'],
  },
  types: '.:Transformer',
  template: './templates/transformer.ts',
} as const;

/** Writes mdgen's source folder into `parent` and returns it. */
export function writeMdgen(parent: string, extra: Record<string, unknown> = {}): string {
  return writePackage(parent, {
    name: 'mdgen',
    version: '1.2.0',
    type: 'module',
    exports: { '.': { types: './index.d.ts', default: './index.js' }, './package.json': './package.json' },
    peerDependencies: { plugboard: '*' },
    manifest: { bin: { mdgen: './cli.js' }, entryPointGroups: { [GROUP]: DECLARATION }, ...extra },
    files: {
      'index.js': [
        "import { defineGroup } from 'plugboard';",
        '',
        '// The group is read for mdgen wherever it is installed: its declaration gives the policy.',
        `export const transformers = defineGroup('${GROUP}', { from: import.meta.url });`,
        '',
        'export async function render(markdown) {',
        "  const { plugins, errors } = await transformers.loadAll({ order: { meta: 'order' } });",
        '  let html = markdown;',
        '  for (const { plugin } of plugins) html = plugin.transform(html);',
        '  return { html, loaded: plugins.map((p) => p.name), errors };',
        '}',
        '',
      ].join('\n'),
      'index.d.ts': [
        '/** What a plugin of mdgen.transformers exports. */',
        'export interface Transformer {',
        '  transform(markdown: string): string;',
        '}',
        'export declare function render(markdown: string): Promise<{ html: string; loaded: string[]; errors: Error[] }>;',
        '',
      ].join('\n'),
      'cli.js': [
        '#!/usr/bin/env node',
        "import { render } from './index.js';",
        '',
        "const { html, loaded, errors } = await render(process.argv[2] ?? '# hello');",
        'console.log(html);',
        "console.error('loaded: ' + loaded.join(', '));",
        "for (const e of errors) console.error('refused: ' + e.code + ' ' + e.package + ': ' + e.message);",
        'process.exitCode = errors.length ? 1 : 0;',
        '',
      ].join('\n'),
      'templates/transformer.ts': [
        "import type { Transformer } from 'mdgen';",
        '',
        '/** An mdgen transformer: mdgen calls transform() on each page, in meta.order. */',
        'export const plugin: Transformer = {',
        '  transform(markdown: string): string {',
        '    return markdown;',
        '  },',
        '};',
        '',
      ].join('\n'),
    },
  });
}

/** A plugin of mdgen's group. */
function plugin(
  parent: string,
  name: string,
  options: { group?: string; meta?: unknown; peer?: string; marker: string },
): string {
  return writePackage(parent, {
    name,
    type: 'module',
    exports: { '.': './index.js' },
    entryPoints: {
      [options.group ?? GROUP]: { [name.replace(/^mdgen-/, '')]: { value: '.:default', meta: options.meta } },
    },
    peerDependencies: { mdgen: options.peer ?? '^1.0.0' },
    files: {
      'index.js': `export default { transform: (markdown) => \`[${options.marker}]\\n\${markdown}\` };\n`,
    },
  });
}

export interface MdgenSite {
  /** The site: mdgen is its devDependency, the plugins its dependencies. */
  readonly site: string;
  /** mdgen as installed in the site. */
  readonly mdgen: string;
  /** mdgen's packed tarball, to install elsewhere (a scaffolded plugin's devDependency). */
  readonly mdgenTarball: string;
  /** Runs mdgen's bin in the site. */
  run(args?: readonly string[]): { readonly code: number; readonly stdout: string; readonly stderr: string };
}

/** Creates the site and installs it with the real npm. */
export function mdgenSite(): MdgenSite {
  const src = tempDir('mdgen-src');
  const dirs = [
    writeMdgen(src),
    plugin(src, 'mdgen-toc', { meta: { order: 1 }, marker: 'toc' }),
    plugin(src, 'mdgen-legacy', { meta: { order: 2 }, peer: '^0.9.0', marker: 'legacy' }),
    plugin(src, 'mdgen-typo', { group: 'mdgen.transfomers', meta: { order: 3 }, marker: 'typo' }),
    plugin(src, 'mdgen-badmeta', { meta: { order: 'first' }, marker: 'badmeta' }),
  ];
  const [mdgenTarball, ...plugins] = packMany(dirs);
  const site = join(tempDir('site'), 'site');
  const file = (tgz: string) => `file:${tgz}`;
  writePackageAt(site, {
    name: 'site',
    version: '1.0.0',
    type: 'module',
    manifest: {
      private: true,
      dependencies: {
        plugboard: file(plugboardTarball()),
        ...Object.fromEntries(
          plugins.map((tgz, i) => [['mdgen-toc', 'mdgen-legacy', 'mdgen-typo', 'mdgen-badmeta'][i]!, file(tgz)]),
        ),
      },
      devDependencies: { mdgen: file(mdgenTarball!) },
    },
    // npm refuses to install mdgen-legacy beside the mdgen its peer range excludes (ERESOLVE); a
    // site that has such a plugin installed it this way (or with --force), and mdgen must refuse it.
    files: { '.npmrc': 'legacy-peer-deps=true\n' },
  });
  npm(['install'], site);
  const mdgen = join(site, 'node_modules/mdgen');
  return {
    site,
    mdgen,
    mdgenTarball: mdgenTarball!,
    run(args = []) {
      const r = spawnSync(process.execPath, [join(mdgen, 'cli.js'), ...args], {
        cwd: site,
        encoding: 'utf8',
        env: process.env,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

/** Runs an installed bin of the package at `dir` (a scaffolded plugin's `plugboard check`), throwing when it fails. */
export function bin(dir: string, name: string, args: readonly string[]): string {
  return execFileSync(join(dir, 'node_modules/.bin', name), args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}
