/**
 * Which package manager a project uses, so advice names its commands: `pnpm add x` under pnpm, not
 * `npm install x` (issue 15). Read from what each one leaves behind, nearest folder first.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readPackageJson } from '../discovery/index.js';

/** The package managers advice can name. */
export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** What each one leaves in a project folder, after the `packageManager` field (corepack's). */
const MARKERS: readonly (readonly [PackageManagerName, readonly string[]])[] = [
  // node_modules/.modules.yaml: pnpm's, in its isolated and its hoisted layout alike.
  ['pnpm', ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'node_modules/.modules.yaml']],
  // .yarn-state.yml: Yarn Berry's node-modules linker; .pnp.cjs: its Plug'n'Play.
  ['yarn', ['yarn.lock', '.yarnrc.yml', '.pnp.cjs', 'node_modules/.yarn-state.yml']],
  ['bun', ['bun.lock', 'bun.lockb']],
  ['npm', ['package-lock.json', 'npm-shrinkwrap.json', 'node_modules/.package-lock.json']],
];

/**
 * The package manager of the project at or above `dir`: the nearest folder with a `packageManager`
 * field or a lockfile (or a package manager's own file in node_modules) decides.
 *
 * @default 'npm', when nothing says
 */
export function packageManagerOf(dir: string): PackageManagerName {
  for (let at = dir; ; at = dirname(at)) {
    const read = readPackageJson(at);
    const field = 'manifest' in read ? read.manifest.packageManager : undefined;
    if (typeof field === 'string') {
      const name = /^(npm|pnpm|yarn|bun)@/.exec(field)?.[1] as PackageManagerName | undefined;
      if (name) return name;
    }
    for (const [name, files] of MARKERS) if (files.some((file) => existsSync(join(at, file)))) return name;
    if (dirname(at) === at) return 'npm';
  }
}

/** The command that adds `pkg` to the project's dependencies with `pm`. */
export function addCommand(pm: PackageManagerName, pkg: string): string {
  return pm === 'npm' ? `npm install ${pkg}` : `${pm} add ${pkg}`;
}

/** The command that shows why `pkg` is installed, and every copy of it. */
export function whyCommand(pm: PackageManagerName, pkg: string): string {
  return pm === 'npm' ? `npm ls ${pkg}` : pm === 'bun' ? `bun pm ls --all` : `${pm} why ${pkg}`;
}
