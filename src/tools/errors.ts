/** The errors of the scaffold (`plugboard new`). */
import { PlugboardError } from '../core/index.js';

/** `plugboard new` could not scaffold: the target is not empty, or a name is invalid. */
export class ScaffoldError extends PlugboardError {
  constructor(details: {
    /** What is wrong, subject first, with advice after '; '. */
    readonly message: string;
    /** The folder or file at fault. */
    readonly path?: string;
    readonly cause?: unknown;
  }) {
    super('scaffold-failed', details.message, {
      ...(details.path === undefined ? {} : { path: details.path }),
      ...(details.cause === undefined ? {} : { cause: details.cause }),
    });
  }
}
