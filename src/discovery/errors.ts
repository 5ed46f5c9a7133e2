/** The errors of the discovery index. */
import { describe, PlugboardError } from '../core/index.js';

/** `clearCache()` could not remove the cache directory (permissions, a read-only mount). */
export class CacheClearError extends PlugboardError {
  constructor(dir: string, cause: unknown) {
    super('cache-clear-failed', `could not remove the cache directory ${dir}: ${describe(cause)}`, {
      path: dir,
      cause,
    });
  }
}
