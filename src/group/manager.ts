/**
 * The group object behind `defineGroup()`: evaluates policies over a fresh discovery, then loads
 * plugins one after another so import side effects happen in a stable order.
 */
import {
  declarationOf,
  entryPoints,
  type HostInfo,
  hostDir,
  type Project,
  readHost,
  readRoles,
} from '../discovery/index.js';
import type { EntryPoint } from '../entry-points/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import { AmbiguousEntryPointError, EntryPointNotFoundError } from '../entry-points/index.js';
import type { PlugboardError } from '../core/index.js';
import type { Group, GroupOptions, LoadAllOptions, LoadedPlugin, LoadOrder, LoadResult, PluginError } from './types.js';
import { loadIsolated } from './isolated.js';
import { type LoadSpec, loadPlugin } from './load.js';
import { applyMeta, metaCheck } from './meta.js';
import { type Evaluation, evaluate } from './policies.js';

/** One thing to load or report: an accepted entry point, or an error to report in its place. */
type Job = { readonly entryPoint?: EntryPoint; readonly error?: PlugboardError | undefined };

/** The default per-plugin timeout, as fastify/avvio's plugin timeout. */
const DEFAULT_TIMEOUT = 10_000;

/** Builds the group object; `defineGroup()`'s overloads only type it. */
export function createGroup(
  name: string,
  options: GroupOptions & { readonly invoke?: readonly unknown[] | undefined },
): Group<unknown> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  // A negative or NaN limit would silently mean "none"; only 0 and Infinity say so on purpose.
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new TypeError(
      `defineGroup('${name}'): timeout must be a number of milliseconds, 0 or Infinity for none, not ${String(timeout)}`,
    );
  }
  const isolates = new Set<{ dispose(): Promise<void> }>();
  const spec: LoadSpec = {
    schema: options.schema,
    invoke: options.invoke,
    timeout,
    isolate: options.isolate,
    isolates,
    loadIsolated,
  };
  const onError = options.onError ?? 'collect';

  // The host's declaration of the group (`entryPointGroups`) gives the defaults, so the policy
  // lives in the host's package.json, where `plugboard doctor` reads it too; explicit options win.
  // Read again on each call, like the host itself.
  const declared = () => declarationOf(name, hostDir({ cwd: options.cwd, from: options.from }));
  // Trust what the project installed (and what the host ships), not whatever is hoisted beside
  // them: a dependency of a dependency cannot add a plugin unless the host asks for 'installed'.
  const trustOf = (declaration: ReturnType<typeof declared>['declaration']) =>
    options.trust ?? declaration?.trust ?? 'dependencies';
  // The host package.json is only read when a policy needs more than `host` gives. With `from`,
  // the host is the package that module belongs to (a CLI), and the project is the package.json
  // where the user installed it and its plugins (docs/cli-hosts.md, the roles).
  const readHostNow = (trust: 'installed' | 'dependencies'): HostInfo | undefined =>
    trust === 'dependencies' || !options.host
      ? readHost(hostDir({ cwd: options.cwd, from: options.from }), options.host)
      : { ...options.host, manifestPath: undefined, dependencies: new Set<string>() };
  const readProjectNow = (trust: 'installed' | 'dependencies'): Project | undefined =>
    trust === 'dependencies' && options.from !== undefined
      ? readRoles({ cwd: options.cwd, from: options.from, host: options.host }).project
      : undefined;

  const evaluateNow = (): Evaluation => {
    const { declaration, diagnostics } = declared();
    const trust = trustOf(declaration);
    const env = options.env ?? process.env;
    const cwd = options.cwd ?? process.cwd();
    const found = entryPoints({
      group: name,
      cwd,
      env,
      ...(options.paths ? { paths: options.paths } : {}),
      ...(options.from ? { from: options.from } : {}),
    });
    const host = readHostNow(trust);
    const evaluation = evaluate(found, {
      group: name,
      block: options.block ?? [],
      allow: options.allow,
      autoloadDisabled: autoloadDisabled(env.PLUGBOARD_DISABLE_AUTOLOAD),
      trust,
      conflicts: options.conflicts ?? declaration?.conflicts ?? 'error',
      host,
      project: readProjectNow(trust),
      hostGiven: options.host !== undefined,
    });
    const meta = metaCheck(name, options.meta, declaration);
    return applyMeta(evaluation, { ...meta, diagnostics: [...diagnostics, ...meta.diagnostics] });
  };

  /** Loads each job in order: a job with an error (a refusal, a missing name) is reported as it is. */
  const run = async (jobs: readonly Job[]): Promise<LoadResult<unknown>> => {
    const plugins: LoadedPlugin<unknown>[] = [];
    const errors: PluginError[] = [];
    const fail = (error: PlugboardError) => {
      if (onError === 'throw') throw error;
      errors.push(error as PluginError);
    };
    for (const job of jobs) {
      if (job.error) {
        fail(job.error);
        continue;
      }
      const ep = job.entryPoint!;
      let plugin: unknown;
      try {
        plugin = await loadPlugin(ep, spec);
      } catch (error) {
        fail(error as PlugboardError);
        continue;
      }
      plugins.push(Object.freeze({ name: ep.name, plugin, entryPoint: ep }));
    }
    return { plugins, errors };
  };

  return Object.freeze({
    name,
    host() {
      const host = readHostNow(trustOf(declared().declaration));
      if (host === undefined) return undefined;
      const { name, version, manifestPath, problem } = host;
      return Object.freeze({ name, version, manifestPath, ...(problem === undefined ? {} : { problem }) });
    },
    project: (): Project | undefined => readRoles({ cwd: options.cwd, from: options.from, host: options.host }).project,
    discover: (): EntryPoints => evaluateNow().entryPoints,
    async load(entryName: string): Promise<unknown> {
      const { verdicts, entryPoints: accepted } = evaluateNow();
      const mine = verdicts.filter((v) => v.entryPoint.name === entryName);
      if (mine.length === 0)
        throw new EntryPointNotFoundError({ name: entryName, available: accepted.names, groups: [name] });
      const ok = mine.filter((v) => !v.error);
      if (ok.length > 1)
        throw new AmbiguousEntryPointError({ name: entryName, candidates: ok.map((v) => v.entryPoint) });
      if (ok.length === 0) throw mine[0]!.error!;
      return loadPlugin(ok[0]!.entryPoint, spec);
    },
    async loadAll(loadOptions: LoadAllOptions = {}): Promise<LoadResult<unknown>> {
      const jobs = evaluateNow().verdicts.filter((v) => v.reported);
      if (loadOptions.order === undefined) return run(jobs);
      const compare = comparator(loadOptions.order);
      // Array.prototype.sort is stable: ties keep discovery order.
      return run([...jobs].sort((a, b) => compare(a.entryPoint, b.entryPoint)));
    },
    async dispose(): Promise<void> {
      const all = [...isolates];
      isolates.clear();
      await Promise.all(all.map((isolated) => isolated.dispose()));
    },
    async loadNamed(names: readonly string[]): Promise<LoadResult<unknown>> {
      const { verdicts, entryPoints: accepted } = evaluateNow();
      const wanted: Job[] = [];
      for (const entryName of new Set(names)) {
        const mine = verdicts.filter((v) => v.entryPoint.name === entryName);
        if (mine.length) wanted.push(...mine);
        else
          wanted.push({
            error: new EntryPointNotFoundError({ name: entryName, available: accepted.names, groups: [name] }),
          });
      }
      return run(wanted);
    },
  });
}

/** pytest's PYTEST_DISABLE_PLUGIN_AUTOLOAD counts any non-empty value; so does this, except an explicit `0` or `false`. */
function autoloadDisabled(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** `order` as a comparator; `{ meta }` sorts numbers, then strings, then entries without the field. */
function comparator(order: LoadOrder): (a: EntryPoint, b: EntryPoint) => number {
  if (typeof order === 'function') return order;
  if (order === null || typeof order !== 'object' || typeof order.meta !== 'string')
    throw new TypeError(`loadAll(): order must be a comparator or { meta: '<field>' }, not ${String(order)}`);
  const field = order.meta;
  const key = (ep: EntryPoint): [number, number | string] => {
    const value =
      ep.meta !== null && typeof ep.meta === 'object' ? (ep.meta as Record<string, unknown>)[field] : undefined;
    if (typeof value === 'number' && !Number.isNaN(value)) return [0, value];
    if (typeof value === 'string') return [1, value];
    return [2, 0];
  };
  return (a, b) => {
    const [ra, va] = key(a);
    const [rb, vb] = key(b);
    if (ra !== rb) return ra - rb;
    if (typeof va === 'number' && typeof vb === 'number') return va - vb;
    return va < vb ? -1 : va > vb ? 1 : 0;
  };
}
