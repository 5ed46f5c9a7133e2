/**
 * The errors of groups: policy refusals and load failures. Each carries the entry point, so a reader
 * knows the package and the package.json to open. Every constructor takes one details object, as
 * the other folders' errors do, so a new detail never shifts an argument.
 */
import { describe, PlugboardError } from '../core/index.js';
import { type EntryPointRef as EntryPoint, where } from '../entry-points/index.js';

/** One issue of a Standard Schema validation, as `ContractFailedError.issues` keeps it. */
export interface ContractIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

const manifestOf = (ep: EntryPoint) => `${ep.package.dir}/package.json`;
const id = (ep: EntryPoint) => (ep.package.version ? `${ep.package.name}@${ep.package.version}` : ep.package.name);

/** A loaded plugin does not satisfy the group's schema. */
export class ContractFailedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** The schema's issues, as the validator reported them (Standard Schema issues). */
  readonly issues: readonly ContractIssue[];
  constructor(details: {
    readonly entryPoint: EntryPoint;
    /** The module file that was loaded, when it resolved. */
    readonly path?: string | undefined;
    readonly issues: readonly ContractIssue[];
  }) {
    const { entryPoint: ep, path, issues } = details;
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
  constructor(details: {
    readonly entryPoint: EntryPoint;
    readonly host: { readonly name: string; readonly version: string };
    readonly range: string;
  }) {
    const { entryPoint: ep, host, range } = details;
    super(
      'incompatible',
      `${where(ep)}: '${id(ep)}' requires '${host.name}@${range}' (peerDependencies), but the host is '${host.name}@${host.version}'; upgrade the plugin, or the host`,
      { entryPoint: ep, path: manifestOf(ep) },
    );
    this.host = Object.freeze({ name: host.name, version: host.version });
    this.range = range;
  }
}

/** The group's `block` list names the entry or its package, or `allow` (or the autoload switch) leaves it out. */
export class BlockedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** Why, in the words of the policy that refused it. */
  readonly detail: string;
  constructor(details: { readonly entryPoint: EntryPoint; readonly detail: string }) {
    super('blocked', `${where(details.entryPoint)}: ${details.detail}`, {
      entryPoint: details.entryPoint,
      path: manifestOf(details.entryPoint),
    });
    this.detail = details.detail;
  }
}

/** With `trust: 'dependencies'`, the package is not a direct dependency of the host (or not the one it asks for). */
export class UntrustedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** Why, in the words of the trust policy. */
  readonly detail: string;
  constructor(details: { readonly entryPoint: EntryPoint; readonly detail: string }) {
    super('untrusted', `${where(details.entryPoint)}: ${details.detail}`, {
      entryPoint: details.entryPoint,
      path: manifestOf(details.entryPoint),
    });
    this.detail = details.detail;
  }
}

/** Loading one plugin (import, validation and invoke) did not finish within the group's `timeout`. */
export class LoadTimeoutError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** The limit, in milliseconds. */
  readonly timeout: number;
  constructor(details: { readonly entryPoint: EntryPoint; readonly timeout: number }) {
    const { entryPoint: ep, timeout } = details;
    super(
      'timeout',
      `${where(ep)}: loading did not finish within ${timeout} ms (import, validation and invoke); a top-level await that never settles is the usual cause`,
      { entryPoint: ep, path: manifestOf(ep) },
    );
    this.timeout = timeout;
  }
}

/** With `conflicts: 'error'`, several packages declare the same name in the group. */
export class ConflictError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** Every entry point that declares the name, this one included. */
  readonly candidates: readonly EntryPoint[];
  constructor(details: { readonly entryPoint: EntryPoint; readonly candidates: readonly EntryPoint[] }) {
    const { entryPoint: ep, candidates } = details;
    const others = candidates
      .filter((c) => c !== ep)
      .map((c) => `'${id(c)}' (${c.package.dir})`)
      .join(', ');
    super(
      'conflict',
      `${where(ep)}: '${ep.name}' is also declared by ${others}, and the group's conflicts policy is 'error', so none is loaded; block one, or choose conflicts 'first', 'last' or 'all'`,
      { entryPoint: ep, path: manifestOf(ep) },
    );
    this.candidates = candidates;
  }
}

/** The group's `invoke` called the loaded function or class, and it threw (or its promise rejected). */
export class InvokeFailedError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  constructor(details: { readonly entryPoint: EntryPoint; readonly cause: unknown }) {
    const { entryPoint: ep, cause } = details;
    super('invoke-failed', `${where(ep)}: invoking the loaded function or class threw: ${describe(cause)}`, {
      entryPoint: ep,
      path: manifestOf(ep),
      cause,
    });
  }
}

/**
 * An entry's `meta` does not satisfy its group's meta schema: the JSON Schema its host declares in
 * `entryPointGroups`, or the Standard Schema of `defineGroup()`'s `meta`. Found at discovery, so
 * the plugin is never imported.
 */
export class InvalidMetaError extends PlugboardError {
  declare readonly entryPoint: EntryPoint;
  /** What is wrong, one line per problem (`order: must be number`). */
  readonly issues: readonly string[];
  constructor(details: {
    readonly entryPoint: EntryPoint;
    readonly issues: readonly string[];
    /** Whose schema it is: `the meta schema that mdgen (/…/package.json) declares`. */
    readonly schema: string;
  }) {
    const { entryPoint: ep, issues, schema } = details;
    super(
      'invalid-meta',
      `${where(ep)}: its meta does not satisfy ${schema}: ${issues.join('; ')}; fix "meta" in ${manifestOf(ep)}`,
      { entryPoint: ep, path: manifestOf(ep) },
    );
    this.issues = Object.freeze([...issues]);
  }
}
