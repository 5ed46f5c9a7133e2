/**
 * Process mode's confinement: the Node permission-model flags a plugin's child process starts with.
 * By default the child may read its package folder, its dependencies' folders and plugboard's
 * runner, and nothing else: no writes, no child processes, no workers, no addons. A plugin asks for
 * more in its entry's `meta.permissions`; what it asks for and the host did not grant refuses it.
 */
import { existsSync, realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { readFileSync } from 'node:fs';
import type { EntryPointRef } from '../entry-points/index.js';
import { PermissionDeniedError, PermissionModelUnavailableError } from './errors.js';
import type { IsolateOptions, Permissions } from './types.js';

/** The flag that turns the permission model on in this runtime, or why there is none. */
export function permissionFlag(): { flag: string } | { missing: string } {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.bun) return { missing: `Bun ${versions.bun}` };
  if (versions.deno) return { missing: `Deno ${versions.deno}` };
  const flags = process.allowedNodeEnvironmentFlags;
  // Node 22.13 and 23.5 made it stable as --permission; Node 20 has only the experimental name.
  if (flags.has('--permission')) return { flag: '--permission' };
  if (flags.has('--experimental-permission')) return { flag: '--experimental-permission' };
  return { missing: `Node ${process.version}` };
}

/** What `meta.permissions` asks for, checked: anything malformed is refused, not guessed at. */
export function askedPermissions(ep: EntryPointRef): Permissions {
  const meta = ep.meta;
  const asked = meta !== null && typeof meta === 'object' ? (meta as { permissions?: unknown }).permissions : undefined;
  if (asked === undefined) return {};
  const bad = (why: string): never => {
    throw new PermissionDeniedError({ entryPoint: ep, denied: [`meta.permissions ${why}`] });
  };
  if (asked === null || typeof asked !== 'object' || Array.isArray(asked)) bad('is not an object');
  const known = new Set(['fsRead', 'fsWrite', 'childProcess', 'worker', 'addons']);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(asked as Record<string, unknown>)) {
    if (!known.has(key)) bad(`asks for '${key}', which plugboard does not know (known: ${[...known].join(', ')})`);
    if (key === 'fsRead' || key === 'fsWrite') {
      if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) bad(`.${key} is not an array of paths`);
    } else if (typeof value !== 'boolean') bad(`.${key} is not true or false`);
    out[key] = value;
  }
  return out as Permissions;
}

/**
 * The permission-model flags for `ep`'s child: the defaults, plus what it asks for, all of which
 * must be granted.
 * @throws {PermissionDeniedError} `permission-denied`, naming each thing asked for and not granted.
 * @throws {PermissionModelUnavailableError} `permission-model-unavailable`, unless `allowUnconfined`.
 */
export function permissionArgs(ep: EntryPointRef, options: IsolateOptions, runner: string): string[] {
  const asked = askedPermissions(ep);
  const granted =
    (typeof options.grant === 'function' ? options.grant(ep) : options.grant) ?? ({} satisfies Permissions);
  const expand = (path: string) => expandPath(path, ep.package.dir);
  const denied: string[] = [];
  const paths = (kind: 'fsRead' | 'fsWrite') => {
    const grants = (granted[kind] ?? []).map(expand).filter(isAbsolute);
    const out: string[] = [];
    for (const raw of asked[kind] ?? []) {
      const path = expand(raw);
      if (!isAbsolute(path)) denied.push(`${kind} '${raw}' (not an absolute path)`);
      else if (!grants.some((g) => covers(g, path))) denied.push(`${kind} '${raw}'`);
      else out.push(path);
    }
    return out;
  };
  const reads = paths('fsRead');
  const writes = paths('fsWrite');
  for (const kind of ['childProcess', 'worker', 'addons'] as const) {
    if (asked[kind] && !granted[kind]) denied.push(kind);
  }
  if (denied.length) throw new PermissionDeniedError({ entryPoint: ep, denied });

  const model = permissionFlag();
  if ('missing' in model) {
    if (options.allowUnconfined) return [];
    throw new PermissionModelUnavailableError({ entryPoint: ep, runtime: model.missing });
  }
  // The runner, the chunks it imports (all in dist/), and the package.json that says they are ES modules.
  const dist = resolve(runner, '..', '..');
  const own = [dist, join(dist, '..', 'package.json'), ...packageFolders(ep.package.dir)];
  const args = [model.flag];
  for (const path of new Set([...own, ...reads].flatMap(withRealPath))) args.push(`--allow-fs-read=${path}`);
  for (const path of new Set(writes.flatMap(withRealPath))) args.push(`--allow-fs-write=${path}`);
  if (asked.childProcess) args.push('--allow-child-process');
  if (asked.worker) args.push('--allow-worker');
  if (asked.addons) args.push('--allow-addons');
  return args;
}

/** `$HOME`, `$TMP` and `$PACKAGE` at the start of a path. */
function expandPath(path: string, packageDir: string): string {
  const match = /^\$(HOME|TMP|PACKAGE)(?=$|[\\/])/.exec(path);
  if (!match) return path;
  const base = match[1] === 'HOME' ? homedir() : match[1] === 'TMP' ? tmpdir() : packageDir;
  return join(base, path.slice(match[0].length));
}

function covers(grant: string, path: string): boolean {
  const g = resolve(grant);
  const p = resolve(path);
  return p === g || p.startsWith(g.endsWith(sep) ? g : g + sep);
}

/** A path, and its real path when a symlink leads elsewhere (npm links `file:` folders). */
function withRealPath(path: string): string[] {
  try {
    const real = realpathSync(path);
    return real === path ? [path] : [path, real];
  } catch {
    return [path];
  }
}

/**
 * The plugin's package folder and the folders of everything it depends on, transitively, found as
 * Node's resolver finds them: in `node_modules` at the package or any folder above it.
 */
function packageFolders(dir: string): string[] {
  const found = new Set<string>();
  const visited = new Set<string>();
  const visit = (pkgDir: string) => {
    if (visited.has(pkgDir)) return;
    visited.add(pkgDir);
    found.add(pkgDir);
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
    const names = new Set<string>();
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = manifest[field];
      if (deps !== null && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
    }
    for (const name of names) {
      for (let at = pkgDir; ; ) {
        const candidate = join(at, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) {
          // Node's resolver reads the path it looked up as well as where a symlink (pnpm) leads.
          found.add(candidate);
          visit(realpathSync(candidate));
          break;
        }
        const up = resolve(at, '..');
        if (up === at) break;
        at = up;
      }
    }
  };
  visit(dir);
  return [...found];
}
