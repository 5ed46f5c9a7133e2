/**
 * The errors of groups: policy refusals and load failures. Each carries the entry point, so a reader
 * knows the package and the package.json to open.
 */
import { describe, PlugboardError } from '../core/index.js';
import { type EntryPointRef as EntryPoint, where } from '../entry-points/index.js';

/** A loaded plugin does not satisfy the group's schema. */
export class ContractFailedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** The schema's issues, as the validator reported them (Standard Schema issues). */
  readonly issues: readonly {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }[];
  constructor(ep: EntryPoint, path: string | undefined, issues: ContractFailedError['issues']) {
    const list = issues.map((issue) => {
      const at = (issue.path ?? [])
        .map((seg) => String(typeof seg === 'object' && seg !== null ? seg.key : seg))
        .join('.');
      return at ? `${at}: ${issue.message}` : issue.message;
    });
    super(
      'contract-failed',
      `${where(ep)}: the loaded object does not satisfy the group's schema: ${list.join('; ')}`,
      {
        entryPoint: ep,
        ...(path === undefined ? {} : { path }),
      },
    );
    this.issues = issues;
  }
}

/** The plugin's `peerDependencies` range for the host excludes the host's version. */
export class IncompatibleError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** The host, as the group knows it. */
  readonly host: { readonly name: string; readonly version: string };
  /** The range the plugin declares for the host. */
  readonly range: string;
  constructor(ep: EntryPoint, host: { name: string; version: string }, range: string) {
    super(
      'incompatible',
      `${where(ep)}: ${ep.package.name}@${ep.package.version} requires ${host.name}@${range} (peerDependencies), but the host is ${host.name}@${host.version}`,
      { entryPoint: ep, path: `${ep.package.dir}/package.json` },
    );
    this.host = Object.freeze({ name: host.name, version: host.version });
    this.range = range;
  }
}

/** The group's `block` list names the entry or its package, or `allow` (or the autoload switch) leaves it out. */
export class BlockedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  constructor(ep: EntryPoint, reason: string) {
    super('blocked', `${where(ep)}: ${reason}`, { entryPoint: ep, path: `${ep.package.dir}/package.json` });
  }
}

/** With `trust: 'dependencies'`, the package is not a direct dependency of the host. */
export class UntrustedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  constructor(ep: EntryPoint, reason: string) {
    super('untrusted', `${where(ep)}: ${reason}`, { entryPoint: ep, path: `${ep.package.dir}/package.json` });
  }
}

/** Loading one plugin (import, validation and invoke) did not finish within the group's `timeout`. */
export class LoadTimeoutError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** The limit, in milliseconds. */
  readonly timeout: number;
  constructor(ep: EntryPoint, timeout: number) {
    super(
      'timeout',
      `${where(ep)}: loading did not finish within ${timeout} ms (import, validation and invoke); a top-level await that never settles is the usual cause`,
      { entryPoint: ep, path: `${ep.package.dir}/package.json` },
    );
    this.timeout = timeout;
  }
}

/** With `conflicts: 'error'`, several packages declare the same name in the group. */
export class ConflictError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** Every entry point that declares the name, this one included. */
  readonly candidates: readonly EntryPoint[];
  constructor(ep: EntryPoint, candidates: readonly EntryPoint[]) {
    super(
      'conflict',
      `${where(ep)}: '${ep.name}' is also declared by ${candidates
        .filter((c) => c !== ep)
        .map((c) => `${c.package.name}@${c.package.version} (${c.package.dir})`)
        .join(
          ', ',
        )}; the group's conflicts policy is 'error', so none is loaded. Block one, or choose conflicts: 'first' | 'last' | 'all'`,
      { entryPoint: ep, path: `${ep.package.dir}/package.json` },
    );
    this.candidates = candidates;
  }
}

/** The group's `invoke` called the loaded function or class, and it threw (or its promise rejected). */
export class InvokeFailedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  constructor(ep: EntryPoint, cause: unknown) {
    super('invoke-failed', `${where(ep)}: invoking the loaded function or class threw: ${describe(cause)}`, {
      entryPoint: ep,
      path: `${ep.package.dir}/package.json`,
      cause,
    });
  }
}
