/**
 * The template of `plugboard new`: a TypeScript plugin package that passes `plugboard check` and
 * its own test as soon as it is installed. Its only build tool is `tsc`, and its test is Node's own
 * runner (`node --test`), so a fresh scaffold needs nothing but typescript and plugboard.
 */
import { ownFile } from './own.js';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ScaffoldError } from './errors.js';
import { checkGroup, checkName } from '../core/index.js';

/** What to scaffold. */
export interface ScaffoldOptions {
  /** The group the plugin joins. */
  readonly group: string;
  /** The entry's name in that group. */
  readonly name: string;
  /**
   * The npm package name.
   * @default the folder's name
   */
  readonly packageName?: string;
}

/** What `scaffold` wrote. */
export interface ScaffoldResult {
  readonly dir: string;
  readonly package: string;
  /** The files written, relative to `dir`, sorted. */
  readonly files: readonly string[];
}

const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/**
 * Writes a new plugin package into `dir` (created if missing; it must be empty).
 *
 * @throws {ScaffoldError} `scaffold-failed` when `dir` is not empty or a name is invalid.
 */
export function scaffold(dir: string, options: ScaffoldOptions): ScaffoldResult {
  dir = resolve(dir);
  const pkg = options.packageName ?? basename(dir);
  const problem =
    checkGroup(options.group) ??
    checkName(options.name) ??
    (PACKAGE_NAME.test(pkg) && pkg.length <= 214
      ? undefined
      : `'${pkg}' is not a valid npm package name (lowercase letters, digits, - . _ ~, optionally @scope/)`);
  if (problem) throw new ScaffoldError({ message: problem });
  let existing: string[] = [];
  try {
    existing = readdirSync(dir);
  } catch (error) {
    // Missing: created below. Anything else (a file there, no permission) is said as such.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' && isFile(dir)) {
      throw new ScaffoldError({ message: `${dir} is a file, not a folder; scaffold into a new folder`, path: dir });
    }
    // ENOTDIR for a file further up is reported by the first write, with the path that failed.
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new ScaffoldError({
        message: `${dir} cannot be read: ${(error as Error).message}`,
        path: dir,
        cause: error,
      });
  }
  if (existing.length)
    throw new ScaffoldError({
      message: `${dir} is not empty (it has ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); scaffold into a new folder`,
      path: dir,
    });
  const files = template(pkg, options.group, options.name, plugboardVersion());
  for (const [file, text] of Object.entries(files)) {
    try {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    } catch (error) {
      // A file where the folder should be, no permission, a read-only disk: said, not a stack trace.
      throw new ScaffoldError({
        message: `${join(dir, file)} could not be written: ${(error as Error).message}`,
        path: join(dir, file),
        cause: error,
      });
    }
  }
  return { dir, package: pkg, files: Object.keys(files).sort() };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // ENOTDIR: a file further up the path, not this one.
    return false;
  }
}

function plugboardVersion(): string {
  const manifest = JSON.parse(readFileSync(ownFile('package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function template(pkg: string, group: string, name: string, version: string): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const ident = /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'plugin';
  return {
    'package.json': json({
      name: pkg,
      version: '0.1.0',
      description: `The '${name}' plugin for the '${group}' group.`,
      type: 'module',
      keywords: ['plugboard-plugin', group],
      engines: { node: '>=20.19' },
      exports: {
        './plugin': { types: './dist/plugin.d.ts', default: './dist/plugin.js' },
        './package.json': './package.json',
      },
      files: ['dist'],
      entryPoints: {
        [group]: { [name]: { value: './plugin:plugin', meta: { description: `The ${name} plugin.` } } },
      },
      scripts: {
        build: 'tsc',
        // npm runs `prepare` on a local `npm install` and before `npm pack`/`npm publish`, so
        // dist/ exists whenever plugboard check or a host looks at the package.
        prepare: 'tsc',
        test: 'tsc && node --test',
        prepublishOnly: 'plugboard check --load',
      },
      devDependencies: { plugboard: `^${version}`, typescript: '^5.9.3' },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        declaration: true,
        rootDir: 'src',
        outDir: 'dist',
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    }),
    'src/plugin.ts': [
      `/** The '${name}' entry point of the '${group}' group: what the host gets from \`ep.load()\`. */`,
      `export const plugin = {`,
      `  name: ${JSON.stringify(name)},`,
      `  run(input: string): string {`,
      `    return \`${ident} handled \${input}\`;`,
      `  },`,
      `};`,
      '',
    ].join('\n'),
    'test/plugin.test.js': [
      `// Runs on the built output through the package's own "exports", as a host would import it.`,
      `import assert from 'node:assert/strict';`,
      `import { readFileSync } from 'node:fs';`,
      `import { test } from 'node:test';`,
      `import { plugin } from '${pkg}/plugin';`,
      '',
      `const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));`,
      '',
      `test('declares ${name} in ${group}', () => {`,
      `  assert.equal(manifest.entryPoints[${JSON.stringify(group)}][${JSON.stringify(name)}].value, './plugin:plugin');`,
      `});`,
      '',
      `test('the plugin runs', () => {`,
      `  assert.equal(plugin.run('x'), '${ident} handled x');`,
      `});`,
      '',
    ].join('\n'),
    '.gitignore': 'node_modules/\ndist/\n',
    'README.md': [
      `# ${pkg}`,
      '',
      `A plugin for the \`${group}\` group: its entry \`${name}\` is declared in package.json \`entryPoints\`,`,
      `and hosts find it with \`entryPoints({ group: '${group}' })\`.`,
      '',
      '```sh',
      'npm install      # also builds dist/ (prepare)',
      'npm test         # tsc, then node --test',
      'npx plugboard check --load   # what prepublishOnly runs',
      '```',
      '',
    ].join('\n'),
  };
}
