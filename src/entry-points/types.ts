/**
 * The types of the entry-point model, apart from the EntryPoint class, so that the errors can name
 * an entry point without importing the class that throws them (no import cycle).
 */

/** Where a package was found, for `plugboard show` and for trust policies. */
export type PackageOrigin = 'node_modules' | 'NODE_PATH' | 'PLUGBOARD_PATH' | 'paths' | 'pnp' | 'static';

/** The package that declares an entry point. */
export interface PackageInfo {
  /** The package's name. */
  readonly name: string;
  /** The package's version, or `''` when its package.json has none. */
  readonly version: string;
  /** The package's real directory (symlinks followed). */
  readonly dir: string;
  /** The name the host imports it by (differs from `name` for npm aliases like `"x": "npm:y@1"`). */
  readonly installedAs?: string;
  /** Where it was found. */
  readonly origin?: PackageOrigin;
  /** The lookup directory it was found in. */
  readonly lookupDir?: string;
  /** True when it was reached through a symlink (workspaces, `file:`, `npm link`, pnpm). */
  readonly linked?: boolean;
}

/** What `EntryPoint.parse` needs. */
export interface EntryPointInit {
  readonly group: string;
  readonly name: string;
  /** `<module>[:<attr>]`, for example `./plugin:plugin`. */
  readonly value: string;
  /** Free JSON from the object form, readable without importing anything. */
  readonly meta?: unknown;
  readonly package: PackageInfo;
  /**
   * The package's package.json, used to resolve `<module>` through its `exports`. Only `exports`
   * and `main` are read.
   */
  readonly manifest?: Readonly<Record<string, unknown>>;
}

/** A filter for `EntryPoint.matches` and `EntryPoints.select`. */
export interface Selector {
  readonly group?: string;
  readonly name?: string;
  /** A package name. */
  readonly package?: string;
}

/**
 * An entry point as errors and diagnostics carry it: everything an `EntryPoint` has. `EntryPoint`
 * implements it; in practice `error.entryPoint` is always an `EntryPoint`.
 */
export interface EntryPointRef {
  readonly name: string;
  readonly group: string;
  readonly value: string;
  readonly module: string;
  readonly attr: string | undefined;
  readonly meta: unknown;
  readonly package: PackageInfo;
  resolve(): string;
  load(): Promise<unknown>;
  matches(selector: Selector): boolean;
  toString(): string;
}
