import type { EntryPoint } from '../../entry-points/index.js';
import { ModuleNotFoundError, type ModuleNotFoundReason } from '../../entry-points/index.js';
import { describe } from '../../core/index.js';
import type { Diagnostic } from '../../core/index.js';
import { acceptedBy, describeExport, type ExportDescription, type HostPosition } from '../../tools/index.js';
import { provenance } from '../../tools/index.js';
import { loadForTool } from '../../tools/index.js';
import { pluginOf } from '../../group/index.js';
import { didYouMean } from '../../core/index.js';
import { type Command, EXIT } from '../command.js';
import { discover, hostOf, hostOption, pathOption } from '../discovery.js';
import { timeoutOf, timeoutOption } from '../load.js';
import { fields } from '../output.js';

/** `plugboard show <group> <name>` */
export const show: Command = {
  name: 'show',
  summary: 'show one entry point: value, module file, meta, package, provenance',
  usage: '<group> <name>',
  description:
    'Provenance says how the package reached the host: a direct dependency, a transitive dependency, a workspace package, a link, or PLUGBOARD_PATH. ' +
    "With --host, discovery runs from that host's position, provenance names the project and the host, and a 'host' line says whether the host accepts the entry or why it refuses it (its policies). " +
    'Prints every package that declares the name (more than one is a conflict). --json prints an array. Exits 1 when it is not found, its module does not resolve, or --load fails ' +
    '(the import throws, calls process.exit(), or does not finish within --timeout; what the module prints goes to stderr).',
  positionals: { min: 2, max: 2 },
  options: {
    load: { type: 'boolean', description: 'import it and describe what it exports' },
    ...timeoutOption,
    ...hostOption,
    ...pathOption,
  },
  examples: ['plugboard show my-plugins plugin_a', 'plugboard show my-plugins plugin_a --load --json'],
  async run(context) {
    const [group, name] = context.args as [string, string];
    // Checked with or without --load, as check does: a bad value is a usage error either way.
    const timeout = timeoutOf(context);
    const host = hostOf(context);
    const all = discover(context, host);
    const inGroup = all.select({ group });
    const eps = inGroup.select({ name }).toArray();
    if (eps.length === 0) {
      const elsewhere = [
        ...new Set(
          all
            .select({ name })
            .toArray()
            .map((ep) => ep.group),
        ),
      ];
      const guess = inGroup.size ? didYouMean(name, inGroup.names) : didYouMean(group, all.groups);
      const hint = elsewhere.length
        ? `: '${name}' is in group ${elsewhere.map((g) => `'${g}'`).join(', ')}.`
        : guess
          ? `: did you mean '${guess}'?`
          : inGroup.size
            ? ` (it has: ${inGroup.names.join(', ')}).`
            : '.';
      const what = inGroup.size
        ? `No entry point '${name}' in group '${group}'`
        : `No entry points in group '${group}'`;
      if (context.json) context.printJson([]);
      context.warn(`${what}${hint} Run 'plugboard doctor' to see what discovery skipped.`);
      return EXIT.problems;
    }
    let problems = 0;
    const shown = [];
    const paths = Array.isArray(context.options.path) ? context.options.path : [];
    const accepted = host && acceptedBy(host, { group, cwd: context.cwd, env: context.io.env, paths });
    for (const ep of eps) {
      const view = await inspect(ep, context.cwd, context.options.load === true ? timeout : undefined, host);
      if (accepted) {
        const verdict = verdictOf(ep, accepted.toArray(), accepted.diagnostics);
        view.host = { name: host!.host?.name ?? '', ...verdict };
        if (!verdict.accepted) problems++;
      }
      if (view.moduleError || view.loadError) problems++;
      shown.push(view);
    }
    if (context.json) {
      context.printJson(shown.map(({ ep, ...rest }) => ({ ...ep.toJSON(), ...rest })));
    } else {
      const s = context.style;
      shown.forEach((view, i) => {
        if (i) context.print('');
        const { ep } = view;
        const pairs: [string, string][] = [
          ['value', ep.value],
          ['module', view.module ?? s.red(`does not resolve: ${view.moduleError}`)],
          ['meta', ep.meta === undefined ? s.dim('none') : JSON.stringify(ep.meta)],
          ['package', ep.package.version ? `${ep.package.name}@${ep.package.version}` : ep.package.name],
          ['directory', ep.package.dir],
          ['provenance', view.provenance.description],
        ];
        if (view.host)
          pairs.push([
            'host',
            view.host.accepted
              ? s.green(`accepted by ${view.host.name}`)
              : s.red(`refused by ${view.host.name} (${view.host.code}): ${view.host.reason}`),
          ]);
        if (view.export) pairs.push(['export', exportLine(view.export)]);
        if (view.loadError) pairs.push(['export', s.red(`failed to load: ${view.loadError}`)]);
        context.print(`${s.bold(`${ep.group}:${ep.name}`)}\n${fields(pairs, s)}`);
      });
      if (eps.length > 1)
        context.warn(
          context.errStyle.yellow(`'${name}' in group '${group}' is declared by ${eps.length} packages (a conflict).`),
        );
    }
    return problems ? EXIT.problems : EXIT.ok;
  },
};

/** Whether the host accepted `ep` (it is among `kept`), or the diagnostic that says why not. */
function verdictOf(
  ep: EntryPoint,
  kept: readonly EntryPoint[],
  diagnostics: readonly Diagnostic[],
): { accepted: true } | { accepted: false; code: string; reason: string } {
  if (kept.some((k) => k.name === ep.name && k.package.dir === ep.package.dir)) return { accepted: true };
  const why = diagnostics.find((d) => d.name === ep.name && d.package === ep.package.name);
  return { accepted: false, code: why?.code ?? 'refused', reason: why?.message ?? 'not among the entries it accepts' };
}

/** `timeout`: with `--load`, the time limit of the import; `undefined` without `--load`. */
async function inspect(ep: EntryPoint, cwd: string, timeout: number | undefined, host?: HostPosition) {
  let module: string | null = null;
  let failure: ModuleNotFoundError | undefined;
  try {
    module = ep.resolve();
  } catch (error) {
    if (!(error instanceof ModuleNotFoundError)) throw error;
    failure = error;
  }
  const view: {
    ep: EntryPoint;
    module: string | null;
    moduleError?: string;
    moduleReason?: ModuleNotFoundReason;
    provenance: ReturnType<typeof provenance>;
    export?: ExportDescription;
    loadError?: string;
    host?: { name: string; accepted: boolean; code?: string; reason?: string };
  } = { ep, module, provenance: provenance(ep.package, cwd, host) };
  if (failure) {
    view.moduleError = failure.detail;
    view.moduleReason = failure.reason;
  }
  if (timeout !== undefined && module !== null) {
    try {
      // What the group would get: a CommonJS module's exports, not the namespace around them.
      view.export = describeExport(pluginOf(ep, await loadForTool(ep, timeout)));
    } catch (error) {
      view.loadError = describe(error);
    }
  }
  return view;
}

function exportLine(e: ExportDescription): string {
  const keys = e.keys.length ? ` with keys ${e.keys.join(', ')}` : ' with no keys';
  return `${e.type}${e.callable && e.name ? ` ${e.name}` : ''}${keys}`;
}
