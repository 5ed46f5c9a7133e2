/** The errors of the command line. */
import { PlugboardError } from '../core/index.js';

/** The `plugboard` command line was used wrongly (unknown option, missing argument); exit code 2. */
export class CliUsageError extends PlugboardError {
  constructor(message: string) {
    super('usage', message);
  }
}
