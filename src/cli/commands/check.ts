import { type CheckProblem, checkPackage } from '../../tools/index.js';
import { type Command, EXIT } from '../command.js';
import { timeoutOf, timeoutOption } from '../load.js';
import type { Style } from '../output.js';

/** `plugboard check [dir]` */
export const check: Command = {
  name: 'check',
  summary: "check a plugin package's own entryPoints before publishing",
  usage: '[dir]',
  description:
    'Validates "entryPoints" against the JSON Schema, checks every module resolves through the package\'s own "exports", ' +
    'and that npm pack would publish every file an entry resolves to (files, .npmignore). --load also imports each entry and checks its attribute exists; ' +
    'an import that does not finish within --timeout, or that calls process.exit(), fails, and what a module prints goes to stderr. ' +
    'Meant for "prepublishOnly". [dir] is resolved against --cwd. Exits 1 on any error.',
  positionals: { min: 0, max: 1 },
  options: {
    load: {
      type: 'boolean',
      description: "also import every entry and check its attribute exists (runs the plugin's code)",
    },
    ...timeoutOption,
  },
  examples: [
    'plugboard check',
    'plugboard check packages/my-plugin --load',
    '"prepublishOnly": "plugboard check --load"',
  ],
  async run(context) {
    const { resolve } = await import('node:path');
    const report = await checkPackage(resolve(context.cwd, context.args[0] ?? '.'), {
      load: context.options.load === true,
      timeout: timeoutOf(context),
    });
    if (context.json) {
      context.printJson(report);
      return report.ok ? EXIT.ok : EXIT.problems;
    }
    const s = context.style;
    const failed = new Set(report.problems.filter((p) => p.name !== undefined).map((p) => `${p.group}\0${p.name}`));
    context.print(
      report.package
        ? `${s.bold(`${report.package}${report.version ? `@${report.version}` : ''}`)}  ${s.dim(report.dir)}`
        : s.bold(report.dir),
    );
    for (const e of report.entries) {
      const icon = failed.has(`${e.group}\0${e.name}`) ? s.red('✖') : s.green('✔');
      const target =
        e.module === null
          ? s.red('does not resolve')
          : `${e.module}${e.published === undefined ? '' : e.published ? ' (published)' : s.red(' (not published)')}`;
      const exported = e.export ? `, ${e.export.type}${e.export.name ? ` ${e.export.name}` : ''}` : '';
      context.print(`  ${icon} ${e.group}:${e.name}  ${s.dim(e.value)} → ${target}${exported}`);
    }
    if (report.problems.length) context.print('');
    for (const p of report.problems) context.print(line(p, s));
    const errors = report.problems.filter((p) => p.severity === 'error').length;
    const warnings = report.problems.length - errors;
    const checked = `${report.entries.length} entr${report.entries.length === 1 ? 'y' : 'ies'} checked`;
    context.print('');
    if (!report.problems.length)
      context.print(`${s.green('No problems')} (${checked}${context.options.load ? ', loaded' : ''})`);
    else
      context.print(
        `${[errors && s.red(`${errors} error${errors === 1 ? '' : 's'}`), warnings && s.yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`)].filter(Boolean).join(', ')} (${checked})`,
      );
    return report.ok ? EXIT.ok : EXIT.problems;
  },
};

function line(p: CheckProblem, s: Style): string {
  return `${p.severity === 'error' ? s.red('✖') : s.yellow('⚠')} ${p.message} ${s.dim(`[${p.code}]`)}`;
}
