/** The errors of the scaffold (`plugboard new`). */
import { PlugboardError } from '../core/index.js';

/** `plugboard new` could not scaffold: the target is not empty, or a name is invalid. */
export class ScaffoldError extends PlugboardError {
  constructor(message: string, path?: string) {
    super('scaffold-failed', message, path === undefined ? {} : { path });
  }
}
