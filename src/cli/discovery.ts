/** Discovery as every command runs it: from `--cwd`, with the CLI's environment and `--path`s. */
import { entryPoints } from '../discovery/index.js';
import type { EntryPoints } from '../entry-points/index.js';
import { type HostPosition, locateHost } from '../tools/index.js';
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

/** `--host`, shared by list, show and doctor. */
export const hostOption: { readonly host: OptionSpec } = {
  host: {
    type: 'string',
    value: '<package>',
    description:
      'see what this host sees when run here: a CLI that reads its groups with from: import.meta.url (its package name, or its folder); its policies apply',
  },
};

/** The host of `--host`, found from `--cwd`; `undefined` without `--host`. */
export function hostOf(context: CommandContext): HostPosition | undefined {
  const host = context.options.host;
  return typeof host === 'string' ? locateHost({ host, cwd: context.cwd, env: context.io.env }) : undefined;
}

/** Every entry point the host at `--cwd` (or the `--host` run there) can see. */
export function discover(context: CommandContext, host: HostPosition | undefined = hostOf(context)): EntryPoints {
  const paths = context.options.path;
  return entryPoints({
    cwd: context.cwd,
    ...(host ? { from: host.from } : {}),
    env: context.io.env,
    paths: Array.isArray(paths) ? paths : [],
  });
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
    const host = typeof context.options.host === 'string' ? ` --host ${context.options.host}` : '';
    context.warn(
      s.yellow(`${count} diagnostic${count === 1 ? '' : 's'} (${kinds}): run 'plugboard doctor${host}' for details.`),
    );
  }
  return errors;
}
