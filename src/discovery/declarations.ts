/**
 * Groups that hosts declare (issue 16): a host's package.json `entryPointGroups` names the groups it
 * reads, with a description, the policy defaults `defineGroup()` takes from it (so the policy lives
 * in one place, which `plugboard doctor` reads too), a JSON Schema for each entry's `meta`, and the
 * contract type plugins implement. One reader for groups, doctor, `plugboard groups` and
 * `plugboard new --host`. It reads JSON only: no validator is loaded here, no plugin imported.
 */
import { dirname } from 'node:path';
import { checkGroup, type Diagnostic, diagnostic, didYouMean, parseValue } from '../core/index.js';
import { hostManifest } from './host.js';

/** The package.json field a host declares its groups in. */
export const DECLARATIONS_FIELD = 'entryPointGroups';

/** The package that declares a group. */
export interface DeclaringPackage {
  readonly name: string;
  readonly version: string;
  /** Its folder. */
  readonly dir: string;
  /** Its package.json. */
  readonly manifestPath: string;
}

/** One group as its host declares it in `entryPointGroups`. Every field but `group` and `host` is optional. */
export interface GroupDeclaration {
  readonly group: string;
  /** The host that declares it. */
  readonly host: DeclaringPackage;
  /** What the group is for. */
  readonly description?: string;
  /** The default of `defineGroup()`'s `trust`. */
  readonly trust?: 'installed' | 'dependencies';
  /** The default of `defineGroup()`'s `conflicts`. */
  readonly conflicts?: 'error' | 'first' | 'last' | 'all';
  /** A JSON Schema each entry's `meta` must satisfy (an entry without `meta` is checked as `{}`). */
  readonly meta?: Readonly<Record<string, unknown>> | boolean;
  /** The contract type plugins implement: `import type { <name> } from '<host>/<module>'`. */
  readonly types?: { readonly module: string; readonly name: string };
  /** A file of the host that `plugboard new --host` copies to the plugin's src/plugin.ts. */
  readonly template?: string;
}

/** A host's declarations, and what was wrong with them. */
export interface Declarations {
  readonly groups: readonly GroupDeclaration[];
  /** `invalid-declaration`: a declaration that was ignored, naming the host and its package.json. */
  readonly diagnostics: readonly Diagnostic[];
}

const TRUST = ['installed', 'dependencies'] as const;
const CONFLICTS = ['error', 'first', 'last', 'all'] as const;
const FIELDS = new Set(['description', 'trust', 'conflicts', 'meta', 'types', 'template']);
/** `./a/b.ts`: no `.` or `..` segment, no backslash, colon, `%` or whitespace, as module values. */
const TEMPLATE = /^\.\/(?:(?!\.{1,2}\/)[^/\\:%\s]+\/)*(?!\.{1,2}$)[^/\\:%\s]+$/;

/**
 * Reads the `entryPointGroups` of one package.json. A declaration that breaks the format is left
 * out as a whole, with an `invalid-declaration` diagnostic: keeping the rest of it could keep a
 * weaker policy than the host meant (a misspelled `trust` read as the default).
 *
 * @param manifest the parsed package.json.
 * @param manifestPath where it was read from.
 */
export function readDeclarations(manifest: Readonly<Record<string, unknown>>, manifestPath: string): Declarations {
  const field = manifest[DECLARATIONS_FIELD];
  if (field === undefined) return { groups: [], diagnostics: [] };
  const host: DeclaringPackage = {
    name: typeof manifest.name === 'string' ? manifest.name : '',
    version: typeof manifest.version === 'string' ? manifest.version : '',
    dir: dirname(manifestPath),
    manifestPath,
  };
  const who = `${host.name || 'the host'} (${manifestPath})`;
  const diagnostics: Diagnostic[] = [];
  const refuse = (message: string, group?: string) =>
    diagnostics.push(
      diagnostic('invalid-declaration', message, manifestPath, {
        package: host.name || undefined,
        ...(group === undefined ? {} : { group }),
      }),
    );
  if (!isRecord(field)) {
    refuse(`${who}: "${DECLARATIONS_FIELD}" must be an object of groups, not ${kind(field)}; it was ignored`);
    return { groups: [], diagnostics };
  }
  const groups: GroupDeclaration[] = [];
  for (const [group, value] of Object.entries(field)) {
    const badName = checkGroup(group);
    if (badName !== undefined) {
      refuse(`${who}: "${DECLARATIONS_FIELD}" declares an invalid group: ${badName}; it was ignored`, group);
      continue;
    }
    const problem = declarationProblem(value);
    if (problem !== undefined) {
      refuse(`${who}: group '${group}' in "${DECLARATIONS_FIELD}" ${problem}; it was ignored`, group);
      continue;
    }
    const d = value as Record<string, unknown>;
    const types = typeof d.types === 'string' ? (parseValue(d.types) as { module: string; attr: string }) : undefined;
    groups.push(
      Object.freeze({
        group,
        host,
        ...(typeof d.description === 'string' ? { description: d.description } : {}),
        ...(d.trust === undefined ? {} : { trust: d.trust as GroupDeclaration['trust'] }),
        ...(d.conflicts === undefined ? {} : { conflicts: d.conflicts as GroupDeclaration['conflicts'] }),
        ...(d.meta === undefined ? {} : { meta: d.meta as GroupDeclaration['meta'] }),
        ...(types ? { types: { module: types.module, name: types.attr } } : {}),
        ...(typeof d.template === 'string' ? { template: d.template } : {}),
      }),
    );
  }
  return { groups, diagnostics };
}

/** Why one declaration breaks the format (schema/entry-point-groups.schema.json), or `undefined`. */
function declarationProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `must be an object, not ${kind(value)}`;
  const unknown = Object.keys(value).filter((key) => !FIELDS.has(key));
  if (unknown.length) {
    const near = didYouMean(unknown[0]!, FIELDS);
    return `has unknown field '${unknown[0]}'${near ? `: did you mean '${near}'?` : ` (known: ${[...FIELDS].join(', ')})`}`;
  }
  const { description, trust, conflicts, meta, types, template } = value;
  if (description !== undefined && typeof description !== 'string')
    return `has a description that is ${kind(description)}, not a string`;
  if (trust !== undefined && !TRUST.includes(trust as never))
    return `has trust ${JSON.stringify(trust)}: it must be 'installed' or 'dependencies'`;
  if (conflicts !== undefined && !CONFLICTS.includes(conflicts as never))
    return `has conflicts ${JSON.stringify(conflicts)}: it must be 'error', 'first', 'last' or 'all'`;
  if (meta !== undefined && typeof meta !== 'boolean' && !isRecord(meta))
    return `has a meta schema that is ${kind(meta)}: it must be a JSON Schema (an object or a boolean)`;
  if (types !== undefined) {
    const parsed = typeof types === 'string' ? parseValue(types) : undefined;
    if (typeof parsed !== 'object' || parsed.attr === undefined || parsed.attr.includes('.'))
      return `has types ${JSON.stringify(types)}: it must be '<module>:<Type>', like '.:Plugin' or './types:Plugin'`;
  }
  if (template !== undefined && (typeof template !== 'string' || !TEMPLATE.test(template)))
    return `has template ${JSON.stringify(template)}: it must be a file of the host, like './templates/plugin.ts' (no '..')`;
  return undefined;
}

/**
 * The declaration of `group` by the host at `dir` (the host's package.json is the nearest one at or
 * above it: the host rule of host.ts), with the diagnostics of that host's declarations.
 *
 * @param dir the host directory, from `hostDir()`.
 */
export function declarationOf(
  group: string,
  dir: string,
): { readonly declaration?: GroupDeclaration; readonly diagnostics: readonly Diagnostic[] } {
  const found = hostManifest(dir);
  if (found?.manifest === undefined) return { diagnostics: [] };
  const read = readDeclarations(found.manifest, found.path);
  const declaration = read.groups.find((d) => d.group === group);
  return {
    ...(declaration ? { declaration } : {}),
    diagnostics: read.diagnostics.filter((d) => d.group === undefined || d.group === group),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
