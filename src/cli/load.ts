/** `--timeout`, shared by the commands that import plugins with `--load` (check, show). */
import { CliUsageError } from './errors.js';
import { TOOL_LOAD_TIMEOUT } from '../tools/index.js';
import type { CommandContext, OptionSpec } from './command.js';

export const timeoutOption: { readonly timeout: OptionSpec } = {
  timeout: {
    type: 'string',
    value: '<ms>',
    description: `with --load: how long each import may take, in milliseconds; 0 for no limit (default: ${TOOL_LOAD_TIMEOUT})`,
  },
};

/** The `--timeout` given, checked; the default without one. */
export function timeoutOf(context: CommandContext): number {
  const text = context.options.timeout;
  if (typeof text !== 'string') return TOOL_LOAD_TIMEOUT;
  const ms = Number(text);
  if (text.trim() === '' || !Number.isInteger(ms) || ms < 0)
    throw new CliUsageError({
      message: `--timeout must be a whole number of milliseconds (0 for no limit), not '${text}'`,
    });
  return ms;
}
