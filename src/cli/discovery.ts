/** Discovery as every command runs it: from `--cwd`, with the CLI's environment and `--path`s. */
import { entryPoints } from '../discovery/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import type { CommandContext, OptionSpec } from './command.js';

/** `--path`, shared by the commands that discover. */
export const pathOption: { readonly path: OptionSpec } = {
  path: {
    type: 'string',
    multiple: true,
    value: '<dir>',
    description: 'also look for packages in <dir> (repeatable), after PLUGBOARD_PATH',
  },
};

/** Every entry point the host at `--cwd` can see. */
export function discover(context: CommandContext): EntryPoints {
  const paths = context.options.path;
  return entryPoints({ cwd: context.cwd, env: context.io.env, paths: Array.isArray(paths) ? paths : [] });
}

/**
 * Tells stderr that discovery skipped something, pointing at `doctor`; returns how many were
 * errors. Also under `--json`: stdout stays JSON, and the exit code it explains is not silent.
 */
export function noteDiagnostics(context: CommandContext, found: EntryPoints): number {
  const count = found.diagnostics.length;
  const errors = found.diagnostics.filter((d) => d.severity === 'error').length;
  if (count) {
    const s = context.errStyle;
    const warnings = count - errors;
    const kinds = [
      errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
      warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    context.warn(
      s.yellow(`${count} diagnostic${count === 1 ? '' : 's'} (${kinds}): run 'plugboard doctor' for details.`),
    );
  }
  return errors;
}
