/**
 * The code of one `virtual:plugboard/<group>` module, from the group's discovery: a table of rows
 * for the runtime, each with an `import()` thunk, so that each plugin is its own chunk and none of
 * its code is in the chunk that imports the group.
 */
import { relative, sep } from 'node:path';
import type { Diagnostic } from '../core/index.js';
import { type EntryPoint, type EntryPoints, ModuleNotFoundError } from '../entry-points/index.js';

/** What a build reports about one group: the module's code, and what to warn or fail about. */
export interface Generated {
  readonly code: string;
  /** Build errors: a plugin that cannot be bundled, a diagnostic of severity `error`. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Refusals the group's own policy made as configured: `plugboard doctor` shows them as info, and a
 * build says nothing about them.
 */
const CONFIGURED: ReadonlySet<Diagnostic['code']> = new Set(['not-allowed', 'overridden']);
/** Refusals by a policy the user chose (`block`, `trust`, `host`): the build goes on, and warns. */
const REFUSED: ReadonlySet<Diagnostic['code']> = new Set(['blocked', 'untrusted', 'incompatible']);

/** `plugboard doctor`'s line for a diagnostic: the message, then the code in brackets. */
export function line(message: string, code: string): string {
  return `${message} [${code}]`;
}

/**
 * Generates the module for `group` from its accepted entry points. `runtime` is the absolute path
 * of the runtime module; `root` is the project root the bundle resolves from.
 */
export function generate(group: string, found: EntryPoints, runtime: string, root: string): Generated {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const d of found.diagnostics) {
    if (CONFIGURED.has(d.code)) continue;
    if (d.severity === 'error' && !REFUSED.has(d.code)) errors.push(line(d.message, d.code));
    else warnings.push(line(d.message, d.code));
  }
  const rows: string[] = [];
  for (const ep of found) {
    const problem = unbundlable(ep);
    if (problem) {
      errors.push(problem);
      continue;
    }
    rows.push(row(ep, root));
  }
  const code = [
    `import { collection, loadAll as all, loadNamed as named } from ${JSON.stringify(runtime)};`,
    `const plugins = collection(${JSON.stringify(group)}, [\n${rows.join(',\n')}\n], ${JSON.stringify(found.diagnostics.map((d) => portable(d, root)))});`,
    'export default plugins;',
    'export const loadAll = (options) => all(plugins, options);',
    'export const loadNamed = (names, options) => named(plugins, names, options);',
    '',
  ].join('\n');
  return { code, errors, warnings };
}

/**
 * Why `ep` cannot go into a bundle, in `plugboard doctor`'s words for a `module-not-found` (naming
 * the package, the entry and the file), or `undefined`. The module is resolved through the
 * package's `exports` as Node would; the bundler then resolves the same specifier itself.
 */
function unbundlable(ep: EntryPoint): string | undefined {
  try {
    ep.resolve();
    return undefined;
  } catch (error) {
    if (!(error instanceof ModuleNotFoundError)) throw error;
    const id = `${ep.package.name}${ep.package.version ? `@${ep.package.version}` : ''}`;
    return line(
      `${id}: entry '${ep.name}' in group '${ep.group}' has value '${ep.value}', which does not resolve: ${error.detail}; see ${error.path}`,
      'module-not-found',
    );
  }
}

/** One `Row` of the runtime, as source. */
function row(ep: EntryPoint, root: string): string {
  const installedAs = ep.package.installedAs ?? ep.package.name;
  // The bare specifier a user's `import` would write, resolved by the bundler from the project.
  const specifier = installedAs + ep.module.slice(1);
  const dir = relative(root, ep.package.dir).split(sep).join('/');
  const fields = [
    JSON.stringify(ep.name),
    JSON.stringify(ep.value),
    JSON.stringify(installedAs),
    JSON.stringify(ep.package.version),
    `() => import(${JSON.stringify(specifier)})`,
  ];
  const usual = dir === `node_modules/${installedAs}`;
  if (ep.meta !== undefined || !usual) fields.push(ep.meta === undefined ? 'undefined' : JSON.stringify(ep.meta));
  if (!usual) fields.push(JSON.stringify(dir));
  return `[${fields.join(', ')}]`;
}

/** A diagnostic as a bundle carries it: the build machine's absolute paths made project-relative. */
function portable(d: Diagnostic, root: string): Diagnostic {
  const local = (text: string) => text.split(`${root}${sep}`).join('');
  return { ...d, message: local(d.message), path: relative(root, d.path).split(sep).join('/') };
}
