import { CliUsageError } from '../errors.js';
import { type DoctorReport, doctor as diagnose, type Finding, type PolicyOptions } from '../../tools/index.js';
import { type Command, type CommandContext, EXIT } from '../command.js';
import { hostOption, pathOption } from '../discovery.js';
import type { Style } from '../output.js';

/** `plugboard doctor [package]` */
export const doctor: Command = {
  name: 'doctor',
  summary: 'explain what discovery skipped, and why a package was or was not found',
  usage: '[package]',
  description:
    'Prints every diagnostic with what to do about it, entry points whose module does not resolve, and groups that look like typos. ' +
    'With a package name, explains why that package was or was not discovered. ' +
    "With --group, also evaluates the group's policies as defineGroup() would: peerDependencies compatibility with the host, PLUGBOARD_DISABLE_AUTOLOAD, and the --trust, --allow, --block and --conflicts given. " +
    "With --host <package>, runs from that host's position instead: what a CLI that reads its groups with from: import.meta.url sees when run here, with its policies (its peerDependencies range, trust: 'dependencies' by default), so that doctor reports what the host refuses; for a host installed globally it says how to install plugins beside it. " +
    'Exits 1 when it finds an error or a warning.',
  positionals: { min: 0, max: 1 },
  options: {
    group: {
      type: 'string',
      short: 'g',
      value: '<group>',
      description:
        "the group the host reads: only its problems, near misses are typos, and the group's policies are evaluated",
    },
    trust: {
      type: 'string',
      value: '<installed|dependencies>',
      description: "with --group: the group's trust policy (default: dependencies, as defineGroup's)",
    },
    allow: {
      type: 'string',
      multiple: true,
      value: '<name>',
      description: "with --group: the group's allow list (repeatable)",
    },
    block: {
      type: 'string',
      multiple: true,
      value: '<name>',
      description: "with --group: the group's block list (repeatable)",
    },
    conflicts: {
      type: 'string',
      value: '<error|first|last|all>',
      description: "with --group: the group's conflicts policy (default: error)",
    },
    ...hostOption,
    ...pathOption,
  },
  examples: [
    'plugboard doctor',
    'plugboard doctor my-plugin --group my-plugins',
    'plugboard doctor --host mdgen --group mdgen.transformers',
    'plugboard doctor --json',
  ],
  run(context) {
    const pkg = context.args[0];
    const group = typeof context.options.group === 'string' ? context.options.group : undefined;
    if (group === undefined) {
      const given = ['trust', 'allow', 'block', 'conflicts'].filter((option) => context.options[option] !== undefined);
      if (given.length)
        throw new CliUsageError({
          message: `${given.map((o) => `--${o}`).join(', ')} ${given.length === 1 ? 'is a policy' : 'are policies'} of a group; give --group <group> too`,
        });
    }
    const paths = Array.isArray(context.options.path) ? context.options.path : [];
    const report = diagnose(
      {
        cwd: context.cwd,
        env: context.io.env,
        paths,
        ...(typeof context.options.host === 'string' ? { host: context.options.host } : {}),
        ...(group === undefined ? {} : { group, policies: policies(context) }),
      },
      pkg,
    );
    const shown = report.explanation ? report.explanation.findings : report.findings;
    const problems = shown.filter((f) => f.severity !== 'info');
    if (context.json) context.printJson(report);
    else print(context, report, shown);
    return problems.length || (report.explanation && !report.explanation.discovered) ? EXIT.problems : EXIT.ok;
  },
};

function policies(context: CommandContext): PolicyOptions {
  const { trust, allow, block, conflicts } = context.options;
  if (trust !== undefined && trust !== 'installed' && trust !== 'dependencies')
    throw new CliUsageError({ message: `--trust must be 'installed' or 'dependencies', not '${trust}'` });
  if (conflicts !== undefined && !['error', 'first', 'last', 'all'].includes(conflicts as string)) {
    throw new CliUsageError({ message: `--conflicts must be 'error', 'first', 'last' or 'all', not '${conflicts}'` });
  }
  return {
    ...(trust ? { trust } : {}),
    ...(Array.isArray(allow) ? { allow } : {}),
    ...(Array.isArray(block) ? { block } : {}),
    ...(conflicts ? { conflicts: conflicts as PolicyOptions['conflicts'] } : {}),
  };
}

function print(context: CommandContext, report: DoctorReport, shown: readonly Finding[]): void {
  const s = context.style;
  const { explanation } = report;
  if (explanation) {
    const troubled = explanation.findings.some((f) => f.severity !== 'info');
    const verdict = !explanation.discovered
      ? s.red('was not discovered')
      : troubled
        ? s.yellow('was discovered')
        : s.green('was discovered');
    const group = context.options.group ? ` in group '${context.options.group}'` : '';
    context.print(
      `${s.bold(explanation.package)} ${verdict} from ${report.cwd}${group}${explanation.discovered && troubled ? ', with problems' : ''}:`,
    );
    for (const copy of explanation.installed)
      context.print(
        `  ${s.dim(copy.visible ? 'installed' : 'nested')}  ${copy.dir}${copy.version ? ` (${copy.version})` : ''}`,
      );
    context.print('');
  }
  for (const finding of shown) context.print(line(finding, s));
  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.filter((f) => f.severity === 'warning').length;
  if (shown.length) context.print('');
  const counts = [
    errors && s.red(`${errors} error${errors === 1 ? '' : 's'}`),
    warnings && s.yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`),
  ]
    .filter(Boolean)
    .join(', ');
  const from = report.from ? `${report.from}, the host ${report.host?.name ?? ''} run in ${report.cwd}` : report.cwd;
  const scope = `${report.entryPoints} entry point${report.entryPoints === 1 ? '' : 's'} discovered from ${from}`;
  context.print(counts ? `${counts} (${scope})` : `${s.green('No problems found')} (${scope})`);
}

function line(f: Finding, s: Style): string {
  const icon =
    f.severity === 'error'
      ? s.red('✖')
      : f.severity === 'warning'
        ? s.yellow('⚠')
        : f.code === 'discovered'
          ? s.green('✔')
          : s.cyan('ℹ');
  return `${icon} ${f.message} ${s.dim(`[${f.code}]`)}\n  ${s.dim('→')} ${f.hint}`;
}
