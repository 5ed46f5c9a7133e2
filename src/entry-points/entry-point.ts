/**
 * `EntryPoint`: one named object that a package declares under a group. An immutable value object,
 * validated when it is built; nothing is imported until `load()`.
 */
import { pathToFileURL } from 'node:url';
import { AttributeMissingError, ImportFailedError, ModuleNotFoundError } from './errors.js';
import { checkGroup, checkName, parseValue } from '../core/index.js';
import { resolveModule } from './resolve.js';

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
 * One declared entry point.
 *
 * @example
 * ```ts
 * const ep = entryPoints({ group: 'my-plugins' }).get('plugin_a');
 * const plugin = await ep.load();
 * ```
 */
export class EntryPoint {
  /** The entry's name within its group. */
  readonly name: string;
  /** The group it is declared under. */
  readonly group: string;
  /** The declared value, `<module>[:<attr>]`. */
  readonly value: string;
  /** `.` or `./subpath`. */
  readonly module: string;
  /** The dotted attribute path, or `undefined` for the module namespace itself. */
  readonly attr: string | undefined;
  /** The `meta` of the object form (deep-frozen), or `undefined`. */
  readonly meta: unknown;
  /** The declaring package. */
  readonly package: PackageInfo;
  readonly #manifest: Readonly<Record<string, unknown>>;
  #loading: Promise<unknown> | undefined;

  private constructor(init: EntryPointInit, module: string, attr: string | undefined) {
    this.name = init.name;
    this.group = init.group;
    this.value = init.value;
    this.module = module;
    this.attr = attr;
    this.meta = deepFreeze(init.meta);
    // A frozen PackageInfo cannot change under us, so entries of one package share it.
    this.package = Object.isFrozen(init.package) ? init.package : Object.freeze({ ...init.package });
    this.#manifest = init.manifest ?? {};
    Object.freeze(this);
  }

  /**
   * Builds an entry point, checking the group, the name and the value.
   *
   * @returns the entry point, or a string saying why the declaration is invalid.
   */
  static parse(init: EntryPointInit): EntryPoint | string {
    const problem = checkGroup(init.group) ?? checkName(init.name);
    if (problem) return problem;
    const parsed = parseValue(init.value);
    if (typeof parsed === 'string') return parsed;
    return new EntryPoint(init, parsed.module, parsed.attr);
  }

  /**
   * The absolute path of the file `<module>` resolves to, without importing it.
   *
   * @throws {ModuleNotFoundError} when it does not resolve.
   */
  resolve(): string {
    const resolution = resolveModule(this.package.dir, this.#manifest, this.module);
    if (!resolution.ok) {
      const { path, reason, detail, cause } = resolution;
      throw new ModuleNotFoundError({ entryPoint: this, path, reason, detail, cause });
    }
    return resolution.path;
  }

  /**
   * Imports the module (through a file URL, so Windows paths work) and returns the object the value
   * points to. The result is cached: later calls return the same promise.
   *
   * @throws {ModuleNotFoundError} `module-not-found`
   * @throws {ImportFailedError} `import-failed`
   * @throws {AttributeMissingError} `attribute-missing`
   */
  load(): Promise<unknown> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<unknown> {
    const path = this.resolve();
    let namespace: unknown;
    try {
      namespace = await importModule(path);
    } catch (error) {
      throw new ImportFailedError({ entryPoint: this, path, cause: error });
    }
    if (this.attr === undefined) return namespace;
    let target: unknown = namespace;
    for (const part of this.attr.split('.')) {
      let found: boolean;
      try {
        found =
          target !== null && (typeof target === 'object' || typeof target === 'function') && hasAttribute(target, part);
        // A getter that throws, a Proxy trap, an export still in its temporal dead zone (a circular
        // import): the module's own failure, so it is reported like one, with a code.
        if (found) target = (target as Record<string, unknown>)[part];
      } catch (error) {
        throw new ImportFailedError({
          entryPoint: this,
          path,
          cause: error,
          doing: `reading '${this.attr}' from ${path}`,
        });
      }
      if (!found) {
        let keys: string[] = [];
        try {
          keys = target !== null && typeof target === 'object' ? Object.keys(target) : [];
        } catch {
          // A Proxy whose ownKeys trap throws: the attribute is still missing, its siblings unknown.
        }
        throw new AttributeMissingError({
          entryPoint: this,
          path,
          missing: part === this.attr ? part : `${part}' of '${this.attr}`,
          keys,
        });
      }
    }
    return target;
  }

  /** True when this entry point has every property the selector names. */
  matches(selector: Selector): boolean {
    return (
      (selector.group === undefined || selector.group === this.group) &&
      (selector.name === undefined || selector.name === this.name) &&
      (selector.package === undefined || selector.package === this.package.name)
    );
  }

  /** `my-plugins:plugin_a = ./plugin:plugin (plugin-a@1.0.0)` */
  toString(): string {
    const version = this.package.version ? `@${this.package.version}` : '';
    return `${this.group}:${this.name} = ${this.value} (${this.package.name}${version})`;
  }

  /** Plain data, for `--json` output. */
  toJSON(): {
    group: string;
    name: string;
    value: string;
    meta: unknown;
    package: string;
    version: string;
    dir: string;
  } {
    return {
      group: this.group,
      name: this.name,
      value: this.value,
      meta: this.meta,
      package: this.package.name,
      version: this.package.version,
      dir: this.package.dir,
    };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Whether `part` is an attribute of `target`: its own, or inherited from anything but the built-in
 * `Object.prototype` and `Function.prototype`, so that no declaration reaches `hasOwnProperty`,
 * `valueOf`, `call` and the like (docs/spec.md). A class instance's getters and methods count.
 */
function hasAttribute(target: object, part: string): boolean {
  for (let owner: object | null = target; owner !== null; owner = Object.getPrototypeOf(owner)) {
    if (owner === Object.prototype || owner === Function.prototype) return false;
    if (Object.hasOwn(owner, part)) return true;
  }
  return false;
}

/**
 * Imports the file a module resolved to. The resolution rules allow `.json` and `.node` files,
 * which `import()` alone cannot load: JSON needs its import attribute (the namespace's `default` is
 * the data), and a native addon is loaded with require(), its exports becoming the namespace as a
 * CommonJS module's would (`default` is the whole exports object).
 */
async function importModule(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  if (path.endsWith('.json')) return import(url, { with: { type: 'json' } });
  if (path.endsWith('.node')) {
    const exports: unknown = process.getBuiltinModule('node:module').createRequire(url)(path);
    const named = typeof exports === 'object' && exports !== null ? exports : {};
    return Object.freeze({ __proto__: null, ...named, default: exports });
  }
  return import(url);
}
