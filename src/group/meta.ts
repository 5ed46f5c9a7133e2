/**
 * Meta validation (issue 16): each entry's `meta` is checked against its group's meta schema at
 * discovery, before anything is imported, so a host can rely on `ep.meta` without loading the
 * plugin. The schema is `defineGroup()`'s Standard Schema `meta` when given (explicit options win),
 * else the JSON Schema the host declares in `entryPointGroups`. ajv compiles the JSON Schema, and is
 * only loaded when a declaration has one: `import 'plugboard'` must not grow by a validator that
 * most hosts never use (test/build/budgets.test.ts).
 */
import { type Diagnostic, diagnostic, printable } from '../core/index.js';
import type { GroupDeclaration } from '../discovery/index.js';
import type { EntryPoint } from '../entry-points/index.js';
import { EntryPoints } from '../entry-points/index.js';
import { InvalidMetaError } from './errors.js';
import type { Evaluation } from './policies.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** The problems of one entry's meta, or `undefined` when it satisfies the schema. */
type Check = (ep: EntryPoint) => readonly string[] | undefined;

/** How a group checks meta: the check, the words for its schema, and what went wrong building it. */
export interface MetaCheck {
  readonly check?: Check;
  /** `the meta schema that mdgen (/…/package.json) declares for group 'g'`. */
  readonly schema: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** The meta check of group `group`: `option` wins over the host's `declaration`. */
export function metaCheck(
  group: string,
  option: StandardSchemaV1 | undefined,
  declaration: GroupDeclaration | undefined,
): MetaCheck {
  if (option !== undefined) {
    return {
      schema: `the meta schema of defineGroup('${group}')`,
      diagnostics: [],
      check: (ep) => {
        const result = option['~standard'].validate(ep.meta);
        // Discovery is synchronous (nothing is awaited before load()), so an async schema cannot run.
        if (typeof (result as { then?: unknown }).then === 'function')
          throw new TypeError(
            `defineGroup('${group}'): the meta schema validated asynchronously; discovery is synchronous, so give a schema without async refinements`,
          );
        const { issues } = result as StandardSchemaV1.Result<unknown>;
        return issues?.map((issue) => {
          const at = (issue.path ?? [])
            .map((seg) => printable(typeof seg === 'object' && seg !== null ? seg.key : seg))
            .join('.');
          return `${at ? `meta.${at}` : 'meta'}: ${issue.message}`;
        });
      },
    };
  }
  if (declaration?.meta === undefined) return { schema: '', diagnostics: [] };
  const { host } = declaration;
  const schema = `the meta schema that ${host.name} (${host.manifestPath}) declares for group '${group}'`;
  const compiled = compile(declaration.meta);
  if (compiled instanceof Error) {
    const message = `${host.name} (${host.manifestPath}): group '${group}' in "entryPointGroups" has a meta schema that does not compile: ${compiled.message}; entries' meta is not checked until it is fixed`;
    return {
      schema,
      diagnostics: [
        diagnostic('invalid-declaration', message, host.manifestPath, { package: host.name || undefined, group }),
      ],
    };
  }
  return {
    schema,
    diagnostics: [],
    check: (ep) => {
      // JSON Schema cannot say "absent": an entry without meta is checked as {}, so `required` decides.
      if (compiled(ep.meta ?? {})) return undefined;
      return (compiled.errors ?? []).map((e) => {
        const at = e.instancePath
          .split('/')
          .slice(1)
          .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
          .join('.');
        return `${at ? `meta.${at}` : 'meta'} ${e.message ?? 'is invalid'}`;
      });
    },
  };
}

/**
 * Refuses the accepted entries whose meta breaks the schema: each becomes an `invalid-meta`
 * diagnostic and, for `load()` and `loadAll()`, an `InvalidMetaError`.
 */
export function applyMeta(evaluation: Evaluation, meta: MetaCheck): Evaluation {
  const { check } = meta;
  if (check === undefined && !meta.diagnostics.length) return evaluation;
  const diagnostics: Diagnostic[] = [...evaluation.entryPoints.diagnostics, ...meta.diagnostics];
  const refused = new Set<EntryPoint>();
  const verdicts = evaluation.verdicts.map((verdict) => {
    if (verdict.error || check === undefined) return verdict;
    const issues = check(verdict.entryPoint);
    if (issues === undefined || !issues.length) return verdict;
    const error = new InvalidMetaError({ entryPoint: verdict.entryPoint, issues, schema: meta.schema });
    const ep = verdict.entryPoint;
    diagnostics.push(
      diagnostic('invalid-meta', error.message, error.path!, {
        package: ep.package.name,
        group: ep.group,
        name: ep.name,
      }),
    );
    refused.add(ep);
    return { entryPoint: ep, error, reported: true };
  });
  return {
    verdicts,
    entryPoints: new EntryPoints(
      evaluation.entryPoints.toArray().filter((ep) => !refused.has(ep)),
      diagnostics,
    ),
  };
}

/**
 * The `invalid-meta` diagnostics of `eps` against the meta schemas `declarations` declare, as the
 * hosts' groups would report them: what `plugboard check` tells a plugin author before publishing.
 */
export function metaProblems(eps: Iterable<EntryPoint>, declarations: readonly GroupDeclaration[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const ep of eps) {
    for (const declaration of declarations.filter((d) => d.group === ep.group)) {
      const meta = metaCheck(ep.group, undefined, declaration);
      const issues = meta.check?.(ep);
      if (!issues?.length) continue;
      const error = new InvalidMetaError({ entryPoint: ep, issues, schema: meta.schema });
      found.push(
        diagnostic('invalid-meta', error.message, error.path!, {
          package: ep.package.name,
          group: ep.group,
          name: ep.name,
        }),
      );
    }
  }
  return found;
}

/** A compiled JSON Schema validator, in ajv's shape. */
interface Validate {
  (value: unknown): boolean;
  errors?: readonly { readonly instancePath: string; readonly message?: string }[] | null;
}

const compiled = new Map<string, Validate | Error>();
let ajv: { compile(schema: unknown): Validate } | undefined;

/** Compiles `schema` once per distinct schema text; the error when it does not compile. */
function compile(schema: Readonly<Record<string, unknown>> | boolean): Validate | Error {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    try {
      if (ajv === undefined) {
        // require(), not import(): discovery is synchronous. ajv is CommonJS, a dependency of ours.
        const { createRequire } = process.getBuiltinModule('node:module');
        const { Ajv } = createRequire(import.meta.url)('ajv') as {
          Ajv: new (options: object) => { compile(schema: unknown): Validate };
        };
        ajv = new Ajv({ strict: false, allErrors: true });
      }
      validate = ajv.compile(schema);
    } catch (error) {
      validate = error instanceof Error ? error : new Error(printable(error));
    }
    compiled.set(key, validate);
  }
  return validate;
}
