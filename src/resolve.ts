/**
 * Resolves an entry point's `<module>` exactly as Node resolves the self-reference
 * `<package name>/<subpath>` from an ES module: through the package's `exports` map with the
 * conditions `import`, `node` and `default`; without `exports`, as a file path with Node's
 * extension and index rules.
 */
import { join, relative, resolve as resolvePath, sep } from 'node:path';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { statSync } = process.getBuiltinModule('node:fs');

/** Where a module resolved to, or why it did not. */
export type Resolution = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly path: string; readonly reason: string };

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.json', '.node'];

/**
 * Resolves `module` (`.` or `./subpath`) inside the package at `dir` whose package.json is `manifest`.
 * Never throws: the result says why a module did not resolve.
 */
export function resolveModule(dir: string, manifest: Readonly<Record<string, unknown>>, module: string): Resolution {
  if (manifest.exports !== undefined && manifest.exports !== null) {
    let targets: readonly string[] | undefined;
    try {
      targets = exportsResolver().exports(manifest as { name: string; exports: never }, module, { conditions: ['node'] }) ?? undefined;
    } catch (error) {
      return { ok: false, path: join(dir, 'package.json'), reason: `package.json "exports" does not export '${module}' for the conditions import/node/default (${(error as Error).message})` };
    }
    const target = targets?.[0];
    if (!target) {
      return { ok: false, path: join(dir, 'package.json'), reason: `package.json "exports" maps '${module}' to nothing` };
    }
    const file = resolvePath(dir, target);
    if (!inside(dir, file)) {
      return { ok: false, path: file, reason: `package.json "exports" maps '${module}' outside the package` };
    }
    return isFile(file) ? { ok: true, path: file } : { ok: false, path: file, reason: `"exports" maps it to ${target}, which does not exist` };
  }
  const base = resolvePath(dir, module);
  if (module === '.') {
    const main = typeof manifest.main === 'string' ? manifest.main : undefined;
    const found = (main && (asFile(resolvePath(dir, main)) ?? asIndex(resolvePath(dir, main)))) || asIndex(base);
    return found ? { ok: true, path: found } : { ok: false, path: base, reason: main ? `"main" is '${main}', which does not exist, and there is no index.js` : 'there is no "main" and no index.js' };
  }
  const found = asFile(base) ?? asIndex(base);
  return found ? { ok: true, path: found } : { ok: false, path: base, reason: `no file ${relative(dir, base)}, nor with ${EXTENSIONS.join('/')}, nor an index file in it` };
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
  resolver ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)('resolve.exports') as typeof import('resolve.exports');
  return resolver;
}
