import { didYouMean } from '../../core/index.js';
import { readPackageJson } from '../../discovery/index.js';
import { type Command, EXIT } from '../command.js';
import { acceptedBy } from '../../tools/index.js';
import { discover, hostOf, hostOption, noteDiagnostics, pathOption } from '../discovery.js';
import { mdCell, table } from '../output.js';

/** `plugboard list [group]` */
export const list: Command = {
  name: 'list',
  summary: 'list entry points, of every group or of one',
  usage: '[group]',
  description:
    'Exits 1 when a named group has no entry points, or when discovery dropped a declaration (see doctor). ' +
    "With --host and a group, lists what that host loads: the group after the host's policies (its peerDependencies range, trust: 'dependencies'); what it refuses counts as dropped.",
  positionals: { min: 0, max: 1 },
  options: {
    tree: { type: 'boolean', description: 'show group → name → package as a tree' },
    markdown: { type: 'boolean', description: 'print a Markdown table, for documentation' },
    ...hostOption,
    ...pathOption,
  },
  examples: [
    'plugboard list',
    'plugboard list my-plugins --tree',
    'plugboard list --json',
    'plugboard list mdgen.transformers --host mdgen',
  ],
  run(context) {
    const group = context.args[0];
    const host = hostOf(context);
    const all = discover(context, host);
    const paths = Array.isArray(context.options.path) ? context.options.path : [];
    // The host's own view: its group after its policies, as its defineGroup({ from }).discover().
    const found =
      group === undefined
        ? all
        : host
          ? acceptedBy(host, { group, cwd: context.cwd, env: context.io.env, paths })
          : all.select({ group });
    const eps = found.toArray();
    if (context.json) {
      context.printJson(eps.map((ep) => ep.toJSON()));
    } else if (context.options.markdown) {
      // The entry's meta.description, else its package's own "description" (what npm shows).
      const descriptions = new Map(eps.map((ep) => [ep, description(ep.meta) ?? packageDescription(ep.package.dir)]));
      const described = [...descriptions.values()].some((d) => d !== undefined);
      context.print(`| Group | Name | Value | Package |${described ? ' Description |' : ''}`);
      context.print(`| --- | --- | --- | --- |${described ? ' --- |' : ''}`);
      for (const ep of eps) {
        const extra = described ? ` ${mdCell(descriptions.get(ep) ?? '')} |` : '';
        context.print(
          `| \`${mdCell(ep.group)}\` | \`${mdCell(ep.name)}\` | \`${mdCell(ep.value)}\` | ${mdCell(pkg(ep.package))} |${extra}`,
        );
      }
    } else if (context.options.tree) {
      const s = context.style;
      for (const g of found.groups) {
        context.print(s.bold(g));
        const inGroup = eps.filter((ep) => ep.group === g);
        const names = [...new Set(inGroup.map((ep) => ep.name))];
        names.forEach((name, i) => {
          const lastName = i === names.length - 1;
          context.print(`${lastName ? '└── ' : '├── '}${s.cyan(name)}`);
          const providers = inGroup.filter((ep) => ep.name === name);
          providers.forEach((ep, j) => {
            const branch = j === providers.length - 1 ? '└── ' : '├── ';
            context.print(`${lastName ? '    ' : '│   '}${branch}${pkg(ep.package)} ${s.dim(ep.value)}`);
          });
        });
      }
    } else if (eps.length) {
      context.print(
        table(
          ['GROUP', 'NAME', 'VALUE', 'PACKAGE'],
          eps.map((ep) => [ep.group, ep.name, ep.value, pkg(ep.package)]),
          context.style,
        ),
      );
    }
    if (eps.length === 0) {
      const guess = group === undefined ? undefined : didYouMean(group, all.groups);
      context.warn(
        group === undefined
          ? `No entry points found from ${context.cwd}.`
          : `No entry points in group '${group}'${guess ? `: did you mean '${guess}'?` : '.'}`,
      );
    }
    const errors = noteDiagnostics(context, found);
    return (group !== undefined && eps.length === 0) || errors ? EXIT.problems : EXIT.ok;
  },
};

function pkg(info: { name: string; version: string }): string {
  return info.version ? `${info.name}@${info.version}` : info.name;
}

function description(meta: unknown): string | undefined {
  if (
    meta !== null &&
    typeof meta === 'object' &&
    typeof (meta as { description?: unknown }).description === 'string'
  ) {
    return (meta as { description: string }).description;
  }
  return undefined;
}

function packageDescription(dir: string): string | undefined {
  const read = readPackageJson(dir);
  const value = 'manifest' in read ? read.manifest.description : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
