/**
 * Resolves an entry point's `<module>` exactly as Node resolves the self-reference
 * `<package name>/<subpath>` from an ES module: through the package's `exports` map with the
 * conditions `import`, `node`, `module-sync` (where the runtime matches it) and `default`, refusing
 * what Node refuses (a subpath the map does not export, folder mappings, targets that do not start
 * with `./` or that have `..` or `node_modules` segments); without `exports`, as a file path with
 * Node's extension and index rules.
 */
import { join, relative, resolve as resolvePath, sep } from 'node:path';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { statSync } = process.getBuiltinModule('node:fs');

/** Where a module resolved to, or why it did not. */
export type Resolution =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly path: string; readonly reason: string };

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.json', '.node'];

/**
 * Node matches `module-sync` when it can require() ES modules (20.19+, 22.12+), as does Deno; Bun
 * says it can but does not match the condition.
 */
const CONDITIONS =
  process.features.require_module === true && process.versions.bun === undefined ? ['node', 'module-sync'] : ['node'];
const CONDITION_NAMES = `${CONDITIONS.includes('module-sync') ? 'import/node/module-sync' : 'import/node'}/default`;

/**
 * Resolves `module` (`.` or `./subpath`) inside the package at `dir` whose package.json is `manifest`.
 * Never throws: the result says why a module did not resolve.
 */
export function resolveModule(dir: string, manifest: Readonly<Record<string, unknown>>, module: string): Resolution {
  if (manifest.exports !== undefined && manifest.exports !== null) {
    const manifestPath = join(dir, 'package.json');
    let targets: readonly string[] | undefined;
    try {
      targets =
        exportsResolver().exports(manifest as { name: string; exports: never }, module, { conditions: CONDITIONS }) ??
        undefined;
    } catch (error) {
      return {
        ok: false,
        path: manifestPath,
        reason: `package.json "exports" does not export '${module}' for the conditions ${CONDITION_NAMES} (${(error as Error).message})`,
      };
    }
    if (!exportsSubpath(manifest.exports, module)) {
      // resolve.exports still honours folder mappings ("./dir/"), which Node dropped in v17.
      return {
        ok: false,
        path: manifestPath,
        reason: `package.json "exports" does not export '${module}': only a folder mapping matches it, which Node no longer supports (use a "./dir/*" pattern)`,
      };
    }
    const target = targets?.[0];
    if (!target) {
      return { ok: false, path: manifestPath, reason: `package.json "exports" maps '${module}' to nothing` };
    }
    const refused = invalidTarget(target);
    if (refused) {
      return {
        ok: false,
        path: manifestPath,
        reason: `package.json "exports" maps '${module}' to '${target}', which Node refuses: ${refused}`,
      };
    }
    const file = resolvePath(dir, target);
    if (!inside(dir, file)) {
      return { ok: false, path: file, reason: `package.json "exports" maps '${module}' outside the package` };
    }
    return isFile(file)
      ? { ok: true, path: file }
      : { ok: false, path: file, reason: `"exports" maps it to ${target}, which does not exist` };
  }
  const base = resolvePath(dir, module);
  if (module === '.') {
    const main = typeof manifest.main === 'string' ? manifest.main : undefined;
    const found = (main && (asFile(resolvePath(dir, main)) ?? asIndex(resolvePath(dir, main)))) || asIndex(base);
    // Node follows a "main" anywhere; an entry point's module stays inside its own package, as
    // through "exports", so one package cannot name another's code as its plugin.
    if (found && !inside(dir, found))
      return { ok: false, path: found, reason: `"main" is '${main}', which points outside the package` };
    return found
      ? { ok: true, path: found }
      : {
          ok: false,
          path: base,
          reason: main
            ? `"main" is '${main}', which does not exist, and there is no index.js`
            : 'there is no "main" and no index.js',
        };
  }
  const found = asFile(base) ?? asIndex(base);
  return found
    ? { ok: true, path: found }
    : {
        ok: false,
        path: base,
        reason: `no file ${relative(dir, base)}, nor with ${EXTENSIONS.join('/')}, nor an index file in it`,
      };
}

/** Whether `exports` exports `module` at all: as a key, or through a `*` pattern (Node's rules). */
function exportsSubpath(exports: unknown, module: string): boolean {
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return module === '.';
  const keys = Object.keys(exports);
  // An object of conditions, not of subpaths, is the export of '.'.
  if (!keys.some((key) => key.startsWith('.'))) return module === '.';
  if (Object.hasOwn(exports, module) && !module.includes('*')) return true;
  return keys.some((key) => {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) return false;
    return module.length >= key.length && module.startsWith(key.slice(0, star)) && module.endsWith(key.slice(star + 1));
  });
}

/** Why Node refuses an exports target (ERR_INVALID_PACKAGE_TARGET), or undefined. */
function invalidTarget(target: string): string | undefined {
  if (!target.startsWith('./')) return 'a target must start with "./"';
  for (const segment of target.slice(2).split(/[\\/]/)) {
    const plain = decodeSegment(segment).toLowerCase();
    if (plain === '..' || plain === 'node_modules') return `a target may not have a "${plain}" segment`;
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function asFile(path: string): string | undefined {
  if (isFile(path)) return path;
  for (const ext of EXTENSIONS) if (isFile(path + ext)) return path + ext;
  return undefined;
}

function asIndex(dir: string): string | undefined {
  return asFile(join(dir, 'index'));
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..';
}

let resolver: typeof import('resolve.exports') | undefined;
/**
 * resolve.exports, loaded on the first resolution: discovery never resolves, and a bare-specifier
 * import costs a package lookup at import time (docs/performance.md).
 */
function exportsResolver(): typeof import('resolve.exports') {
  resolver ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)(
    'resolve.exports',
  ) as typeof import('resolve.exports');
  return resolver;
}
