/**
 * Diagnostics are data: discovery returns what it skipped and why next to what it found, and never
 * throws because one package is broken (a malformed entry in one package must not break discovery
 * for everyone — the importlib_metadata 8.7 regression, python/importlib_metadata#518).
 */

/** Every diagnostic code discovery can report. */
export type DiagnosticCode =
  /** package.json is not valid JSON, is not an object, or has no non-empty string `name`. */
  | 'malformed-manifest'
  /** `entryPoints`, or one of its groups, is not a plain object. */
  | 'invalid-entry-points'
  /** A group name breaks the naming rules (docs/spec.md). */
  | 'invalid-group'
  /** An entry name breaks the naming rules (docs/spec.md). */
  | 'invalid-name'
  /** An entry's value is not `<module>[:<attr>]` or `{ value, meta? }`. */
  | 'invalid-value'
  /** A symlink in a lookup directory points nowhere, or into a cycle. */
  | 'broken-link'
  /** A lookup directory or a package.json could not be read. */
  | 'unreadable'
  /** A package that declares entry points is hidden by a nearer package of the same name. */
  | 'shadowed'
  /** Two packages declare the same name in the same group. */
  | 'conflict'
  /** A lookup directory is writable by other users, who could add plugins to it. */
  | 'unsafe-lookup-dir'
  /** No lookup directory exists at all: nothing is installed where the host can import it. */
  | 'no-lookup-dirs'
  // Groups that hosts declare (`entryPointGroups`, src/discovery/declarations.ts).
  /** A host's `entryPointGroups` declaration breaks the format; it was ignored. */
  | 'invalid-declaration'
  /** A plugin declares a group a typo away from one a host declares, so that host never loads it. */
  | 'group-typo'
  /** An entry's `meta` does not satisfy the meta schema of its group (the host's declaration, or `defineGroup`'s `meta`). */
  | 'invalid-meta'
  // Group policies (src/group/): `defineGroup(...).discover()` reports what it refused and why.
  /** The group's `block` list names the entry or its package (its real name or the name it is installed as). */
  | 'blocked'
  /** The group has an `allow` list (or `PLUGBOARD_DISABLE_AUTOLOAD` is set) and the entry is not in it. */
  | 'not-allowed'
  /** `trust: 'dependencies'` and the package is not a direct dependency of the host. */
  | 'untrusted'
  /** The package's `peerDependencies` range for the host excludes the host's version. */
  | 'incompatible'
  /** The package's `peerDependencies` range for the host is not a semver range, so it was not checked. */
  | 'unchecked-range'
  /** `conflicts: 'error'` and several packages declare the name: none is loaded. */
  | 'conflict-refused'
  /** `conflicts: 'first'` or `'last'` kept another package's entry of the same name. */
  | 'overridden';

/** One thing discovery skipped or wants you to know. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  /** `error`: something declared was dropped. `warning`: everything was kept, but look. */
  readonly severity: 'error' | 'warning';
  /** A full sentence, naming the package and the file. */
  readonly message: string;
  /** The file or directory to open. */
  readonly path: string;
  /** The package's name, when it is known. */
  readonly package?: string;
  /** The group concerned, when there is one. */
  readonly group?: string;
  /** The entry name concerned, when there is one. */
  readonly name?: string;
}

const ERRORS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'malformed-manifest',
  'invalid-entry-points',
  'invalid-group',
  'invalid-name',
  'invalid-value',
  'broken-link',
  'unreadable',
  'invalid-declaration',
  'group-typo',
  'invalid-meta',
  'blocked',
  'untrusted',
  'incompatible',
  'conflict-refused',
]);

/** Builds a frozen diagnostic, choosing its severity from its code. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  path: string,
  about: { package?: string | undefined; group?: string; name?: string } = {},
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: ERRORS.has(code) ? 'error' : 'warning',
    message,
    path,
  };
  if (about.package !== undefined) d.package = about.package;
  if (about.group !== undefined) d.group = about.group;
  if (about.name !== undefined) d.name = about.name;
  return Object.freeze(d);
}
