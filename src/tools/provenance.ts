/**
 * Provenance: how a discovered package came to be visible to the host — a direct dependency, a
 * transitive one, a workspace package, a link, or a directory on `PLUGBOARD_PATH`/`NODE_PATH`.
 * Reads only package.json files; never imports anything.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { PackageInfo } from '../entry-points/index.js';
import { type Host, hostDir, hostManifest, type Project, readPackageJsonFile } from '../discovery/index.js';

/** The ways a package reaches the host. */
export type ProvenanceKind =
  | 'direct'
  | 'transitive'
  | 'workspace'
  | 'link'
  | 'PLUGBOARD_PATH'
  | 'NODE_PATH'
  | 'paths'
  | 'pnp'
  | 'static';

/** How a package reached the host. */
export interface Provenance {
  readonly kind: ProvenanceKind;
  /** One sentence for humans. */
  readonly description: string;
  /**
   * The host's package.json (the nearest one at or above `cwd`, symlinks followed: the one a group
   * reads), if there is one.
   */
  readonly host?: string;
  /** With `roles`: the project's package.json (or, for a global install, its folder). */
  readonly project?: string;
  /** For a direct dependency: the field and the spec that declare it. */
  readonly declaredIn?: { readonly field: string; readonly spec: string };
  /** For a transitive dependency: the packages in the same lookup directory that depend on it. */
  readonly requiredBy?: readonly string[];
  /** For a workspace package: the workspace root's package.json. */
  readonly workspaceRoot?: string;
  /** True when the lookup directory holds a symlink to it. */
  readonly linked: boolean;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Says how `pkg` (from `EntryPoint.package`) reached a host resolving from `cwd`.
 *
 * @param pkg the package as discovery described it (needs `origin`, `lookupDir`, `installedAs`, `linked`).
 * @param cwd the directory the host resolves from.
 * @param roles for a host installed by a project (`--host`): the host and the project. The
 * project's package.json then says what is direct, and the host's says what the host ships.
 */
export function provenance(
  pkg: PackageInfo,
  cwd: string,
  roles?: { readonly host: Host | undefined; readonly project: Project | undefined },
): Provenance {
  const linked = pkg.linked === true;
  const installedAs = pkg.installedAs ?? pkg.name;
  if (pkg.origin && pkg.origin !== 'node_modules') {
    const where = pkg.lookupDir ? ` (${pkg.lookupDir})` : '';
    const what: Record<string, string> = {
      PLUGBOARD_PATH: `found on PLUGBOARD_PATH${where}`,
      NODE_PATH: `found on NODE_PATH${where}`,
      paths: `found in a directory passed with the paths option${where}`,
      pnp: 'found through the Yarn Plug’n’Play map',
      static: 'listed in a static registry',
    };
    return { kind: pkg.origin, description: what[pkg.origin] ?? `found by ${pkg.origin}`, linked };
  }
  const project = roles?.project?.kind === 'host' ? undefined : roles?.project;
  if (project) {
    const own = roles?.host?.manifestPath;
    const shipped = own ? declaredIn(readManifest(own) ?? {}, installedAs) : undefined;
    const byProject = project.manifestPath
      ? declaredIn(readManifest(project.manifestPath) ?? {}, installedAs)
      : undefined;
    const at = { host: own, project: project.manifestPath ?? project.dir } as const;
    const link = linked ? `, a link to ${pkg.dir}` : '';
    if (byProject)
      return {
        kind: 'direct',
        description: `installed by the project (${byProject.field}: "${installedAs}": "${byProject.spec}" in ${project.manifestPath}${link})`,
        ...at,
        declaredIn: byProject,
        linked,
      };
    if (project.manifestPath === undefined && project.dependencies.has(installedAs))
      return {
        kind: 'direct',
        description: `installed globally beside the host, in ${project.dir}/node_modules${link}`,
        ...at,
        linked,
      };
    if (shipped)
      return {
        kind: 'direct',
        description: `a dependency of the host ${roles?.host?.name ?? ''} (${shipped.field}: "${installedAs}": "${shipped.spec}" in ${own}${link}), which it ships`,
        ...at,
        declaredIn: shipped,
        linked,
      };
    const requiredBy = pkg.lookupDir ? dependents(pkg.lookupDir, installedAs) : [];
    return {
      kind: 'transitive',
      description: `transitive: neither the project (${at.project}) nor the host (${own}) declares it${requiredBy.length ? `; required by ${requiredBy.join(', ')}` : ''}${linked ? `; a link to ${pkg.dir}` : ''}`,
      ...at,
      requiredBy,
      linked,
    };
  }
  const dir = hostDir({ cwd });
  const found = hostManifest(dir);
  const host = found && { path: found.path, manifest: found.manifest ?? {} };
  const declared = host ? declaredIn(host.manifest, installedAs) : undefined;
  const root = workspaceRoot(dir);
  if (linked && root && isWorkspacePackage(root, pkg.dir)) {
    const at = relative(dirname(root.path), pkg.dir).split(sep).join('/');
    return {
      kind: 'workspace',
      description: `workspace package at ${at} (workspaces of ${root.path})`,
      ...(host ? { host: host.path } : {}),
      workspaceRoot: root.path,
      linked,
    };
  }
  const hostInfo = host ? { host: host.path } : {};
  if (declared) {
    const link = linked ? `, a link to ${pkg.dir}` : '';
    return {
      kind: 'direct',
      description: `direct dependency (${declared.field}: "${installedAs}": "${declared.spec}" in ${host!.path}${link})`,
      ...hostInfo,
      declaredIn: declared,
      linked,
    };
  }
  const requiredBy = pkg.lookupDir ? dependents(pkg.lookupDir, installedAs) : [];
  if (requiredBy.length) {
    return {
      kind: 'transitive',
      description: `transitive dependency, required by ${requiredBy.join(', ')}${linked ? `; a link to ${pkg.dir}` : ''}`,
      ...hostInfo,
      requiredBy,
      linked,
    };
  }
  if (linked) {
    return {
      kind: 'link',
      description: `a link in ${pkg.lookupDir ?? 'node_modules'} to ${pkg.dir} that no package.json declares (npm link?)`,
      ...hostInfo,
      linked,
    };
  }
  return {
    kind: 'transitive',
    description: `in ${pkg.lookupDir ?? 'node_modules'}, but neither ${host ? host.path : 'the host'} nor any package next to it declares it (extraneous?)`,
    ...hostInfo,
    requiredBy: [],
    linked,
  };
}

interface Manifest {
  readonly path: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

function readManifest(path: string): Record<string, unknown> | undefined {
  const read = readPackageJsonFile(path);
  return 'manifest' in read ? read.manifest : undefined;
}

function* ancestors(dir: string): Generator<string> {
  for (; ; dir = dirname(dir)) {
    yield dir;
    if (dirname(dir) === dir) return;
  }
}

function declaredIn(
  manifest: Readonly<Record<string, unknown>>,
  name: string,
): { field: string; spec: string } | undefined {
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (deps !== null && typeof deps === 'object' && typeof (deps as Record<string, unknown>)[name] === 'string') {
      return { field, spec: (deps as Record<string, string>)[name]! };
    }
  }
  return undefined;
}

function workspacePatterns(manifest: Readonly<Record<string, unknown>>): string[] | undefined {
  const ws = manifest.workspaces;
  // npm and Yarn take an array; Yarn 1 also takes { packages: [...] }.
  const list = Array.isArray(ws)
    ? ws
    : ws !== null && typeof ws === 'object'
      ? (ws as { packages?: unknown }).packages
      : undefined;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : undefined;
}

function workspaceRoot(cwd: string): (Manifest & { patterns: string[] }) | undefined {
  for (const dir of ancestors(cwd)) {
    const path = join(dir, 'package.json');
    const manifest = readManifest(path);
    const patterns = manifest && workspacePatterns(manifest);
    if (manifest && patterns) return { path, manifest, patterns };
  }
  return undefined;
}

function isWorkspacePackage(root: Manifest & { patterns: string[] }, dir: string): boolean {
  const rel = relative(dirname(root.path), dir).split(sep).join('/');
  if (rel === '' || rel.startsWith('..') || rel.split('/').includes('node_modules')) return false;
  return root.patterns.some((pattern) => globToRegExp(pattern).test(rel));
}

/** npm's workspace globs, as far as packages use them: `*`, `**` and literal segments. */
function globToRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const source = clean
    .split('/')
    .map((segment) =>
      segment === '**'
        ? '.*'
        : segment
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Packages in `lookupDir` whose package.json depends on `name`, sorted. */
function dependents(lookupDir: string, name: string): string[] {
  const found: string[] = [];
  const consider = (folder: string) => {
    const manifest = readManifest(join(lookupDir, folder, 'package.json'));
    if (manifest && declaredIn(manifest, name) && folder !== name) found.push(folder);
  };
  let entries: string[];
  try {
    entries = readdirSync(lookupDir);
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      try {
        for (const sub of readdirSync(join(lookupDir, entry))) consider(`${entry}/${sub}`);
      } catch {
        // An unreadable scope folder hides nothing we could report here.
      }
      continue;
    }
    consider(entry);
  }
  return found.sort();
}
