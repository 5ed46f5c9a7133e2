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
import { type GroupDeclaration, readDeclarations } from '../discovery/index.js';
import { findPackage } from './declaring-hosts.js';

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
  /**
   * The host the plugin is for (`plugboard new --host`): the plugin gets a peerDependency on the
   * host's current major, and, when the host's declaration of the group names a contract type
   * (`types`), a src/plugin.ts typed against it (the host's `template`, when it has one).
   */
  readonly host?: ScaffoldHost;
}

/** The host a plugin is scaffolded for, as installed where `plugboard new --host` runs. */
export interface ScaffoldHost {
  readonly name: string;
  readonly version: string;
  /** The host's folder, where `template` is read from. */
  readonly dir: string;
  /** The host's declaration of the group (`entryPointGroups`). */
  readonly declaration?: GroupDeclaration;
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
  const files = template(pkg, options.group, options.name, plugboardVersion(), options.host);
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

/**
 * The host `name` as the project at `cwd` has it installed, and the group to scaffold for: `group`
 * when given (it must be one the host declares, when it declares any), else the host's only
 * declared group.
 *
 * @throws {ScaffoldError} `scaffold-failed` when the host is not installed, declares no group and
 * none is given, declares several and none is chosen, or does not declare the one given.
 */
export function hostForScaffold(
  name: string,
  options: {
    readonly group?: string | undefined;
    readonly cwd?: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly paths?: readonly string[];
  } = {},
): { readonly host: ScaffoldHost; readonly group: string } {
  const cwd = resolve(options.cwd ?? process.cwd());
  const found = findPackage(name, options);
  if (found === undefined)
    throw new ScaffoldError({
      message: `host '${name}' is not installed where ${cwd} can import it; install it first (npm install -D ${name}), or run from the project that has it`,
    });
  const { groups } = readDeclarations(found.manifest, found.manifestPath);
  const declared = groups.map((d) => `'${d.group}'`).join(', ');
  const at = `host ${found.name} (${found.manifestPath})`;
  let declaration: GroupDeclaration | undefined;
  if (options.group !== undefined) {
    declaration = groups.find((d) => d.group === options.group);
    if (declaration === undefined && groups.length)
      throw new ScaffoldError({
        message: `${at} does not declare group '${options.group}'; it declares ${declared}: choose one with --group`,
        path: found.manifestPath,
      });
  } else if (groups.length === 1) {
    declaration = groups[0];
  } else {
    throw new ScaffoldError({
      message: groups.length
        ? `${at} declares several groups, ${declared}; choose one with --group`
        : `${at} declares no groups in "entryPointGroups"; give the group with --group`,
      path: found.manifestPath,
    });
  }
  const host: ScaffoldHost = {
    name: found.name,
    version: found.version,
    dir: found.dir,
    ...(declaration ? { declaration } : {}),
  };
  return { host, group: declaration?.group ?? options.group! };
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

/**
 * A range for the host's current major: `^2.0.0` for 2.3.1, `^0.4.0` for 0.4.2 (in 0.x, a minor
 * is what may break), `*` for a version that is not semver.
 */
function currentMajor(version: string): string {
  const m = /^(\d+)\.(\d+)\.\d+/.exec(version);
  if (!m) return '*';
  return m[1] === '0' ? `^0.${m[2]}.0` : `^${m[1]}.0.0`;
}

/**
 * A meta that the host's meta schema accepts in the simple cases: a description (unless the schema
 * forbids other properties), and each required property's `default` (or first `examples` entry).
 */
function metaFor(name: string, schema: GroupDeclaration['meta']): Record<string, unknown> {
  const s = typeof schema === 'object' ? schema : {};
  const properties = (s.properties ?? {}) as Record<string, { default?: unknown; examples?: unknown[] }>;
  const meta: Record<string, unknown> =
    s.additionalProperties === false && !('description' in properties) ? {} : { description: `The ${name} plugin.` };
  for (const key of Array.isArray(s.required) ? (s.required as unknown[]) : []) {
    if (typeof key !== 'string' || key in meta) continue;
    const p = properties[key] ?? {};
    if (p.default !== undefined) meta[key] = p.default;
    else if (Array.isArray(p.examples) && p.examples.length) meta[key] = p.examples[0];
  }
  return meta;
}

/** src/plugin.ts typed against the host's contract: the host's template, or a skeleton for tsc to complete. */
function contractPlugin(host: ScaffoldHost, group: string, name: string): string | undefined {
  const types = host.declaration?.types;
  if (types === undefined) return undefined;
  if (host.declaration?.template !== undefined) {
    const file = join(host.dir, host.declaration.template);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ScaffoldError({
        message: `${host.name} (${join(host.dir, 'package.json')}): the template of group '${group}', ${file}, cannot be read: ${(error as Error).message}; reinstall ${host.name}, or fix "template" in its "entryPointGroups"`,
        path: file,
        cause: error,
      });
    }
  }
  const from = types.module === '.' ? host.name : `${host.name}/${types.module.slice(2)}`;
  return [
    `import type { ${types.name} } from '${from}';`,
    '',
    `/** The '${name}' entry point of the '${group}' group, checked by tsc against ${host.name}'s contract '${types.name}'. */`,
    `export const plugin: ${types.name} = {`,
    `  // Fill in what '${types.name}' requires: tsc names what is missing, and your editor completes it.`,
    `};`,
    '',
  ].join('\n');
}

function template(
  pkg: string,
  group: string,
  name: string,
  version: string,
  host: ScaffoldHost | undefined,
): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const ident = /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'plugin';
  const typed = host && contractPlugin(host, group, name);
  const meta = host ? metaFor(name, host.declaration?.meta) : { description: `The ${name} plugin.` };
  const forHost = host
    ? {
        // The host's types come from the devDependency; hosts check the peer range when they load it.
        peerDependencies: { [host.name]: currentMajor(host.version) },
      }
    : {};
  const devDependencies: Record<string, string> = {
    ...(host ? { [host.name]: host.version ? `^${host.version}` : '*' } : {}),
    plugboard: `^${version}`,
    typescript: '^5.9.3',
  };
  return {
    'package.json': json({
      name: pkg,
      version: '0.1.0',
      description: `The '${name}' plugin for the '${group}' group.`,
      type: 'module',
      keywords: ['plugboard-plugin', group, ...(host ? [host.name] : [])],
      engines: { node: '>=20.19' },
      exports: {
        './plugin': { types: './dist/plugin.d.ts', default: './dist/plugin.js' },
        './package.json': './package.json',
      },
      files: ['dist'],
      entryPoints: {
        [group]: { [name]: { value: './plugin:plugin', meta } },
      },
      scripts: {
        build: 'tsc',
        // npm runs `prepare` on a local `npm install` and before `npm pack`/`npm publish`, so
        // dist/ exists whenever plugboard check or a host looks at the package.
        prepare: 'tsc',
        test: 'tsc && node --test',
        prepublishOnly: 'plugboard check --load',
      },
      ...forHost,
      devDependencies,
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
    'src/plugin.ts':
      typed ??
      [
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
      ...(typed
        ? [`test('the plugin is exported', () => {`, `  assert.ok(plugin);`, `});`]
        : [`test('the plugin runs', () => {`, `  assert.equal(plugin.run('x'), '${ident} handled x');`, `});`]),
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
