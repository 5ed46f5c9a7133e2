/**
 * The finder interface. Discovery asks each finder for the packages the host can see; a new package
 * manager layout (Yarn Plug'n'Play, a bundled static registry, a test fixture) is a new finder, not
 * an `if` spread through the code.
 */
import type { Diagnostic } from '../core/index.js';
import type { PackageOrigin } from '../entry-points/index.js';

/** What a finder knows about one package that declares `entryPoints`. */
export interface FoundPackage {
  /** The package's `name` from its package.json. */
  readonly name: string;
  /** The name the host imports it by: its folder under the lookup directory (`@scope/name`). */
  readonly installedAs: string;
  /** The package's `version`, or `''` when it has none. */
  readonly version: string;
  /** The package's real directory (symlinks followed). */
  readonly dir: string;
  /** The package.json it was read from. */
  readonly manifestPath: string;
  /** The parsed package.json. Only `entryPoints`, `exports`, `main` and `name` are relied on. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** Where it was found. */
  readonly origin: PackageOrigin;
  /** The lookup directory it was found in (a `node_modules`, a `NODE_PATH` entry, …). */
  readonly lookupDir: string;
  /** True when the lookup directory holds a symlink to it (workspaces, `file:`, `npm link`, pnpm). */
  readonly linked: boolean;
}

/** What a finder is given. */
export interface FinderContext {
  /** The directory the host resolves from, symlinks followed. */
  readonly cwd: string;
  /**
   * The project's folder, when the host (`cwd`) was installed by a project elsewhere: its lookup
   * directories are searched after the host's own (docs/cli-hosts.md, the roles). Optional.
   */
  readonly project?: string | undefined;
  /** Extra lookup directories from the `paths` option. */
  readonly paths: readonly string[];
  /** The environment to read `NODE_PATH` and `PLUGBOARD_PATH` from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Report something skipped. Finders never throw for one bad package. */
  report(diagnostic: Diagnostic): void;
  /** `false` when the host asked for no cache (`cache: false`); finders must then not use one. */
  readonly cache?: boolean | undefined;
  /**
   * Told, so that the index cache (src/cache.ts) knows what to stamp, about each scope directory
   * before it is listed (`dir`), each symlinked package (`link`), and each package folder in a
   * lookup directory that no package manager keeps, from NODE_PATH, PLUGBOARD_PATH or `paths`
   * (`package`), before its package.json is read. Optional.
   */
  readonly observe?: ((path: string, kind: 'dir' | 'link' | 'package') => void) | undefined;
}

/** A source of packages. */
export interface Finder {
  /** A short name for diagnostics and `plugboard doctor`. */
  readonly name: string;
  /**
   * Yields every package visible to the host that declares `entryPoints`, in precedence order
   * (the one the host would import first comes first). Packages hidden by a nearer package of the
   * same name are reported as `shadowed`, not yielded.
   */
  find(context: FinderContext): Iterable<FoundPackage>;
}
