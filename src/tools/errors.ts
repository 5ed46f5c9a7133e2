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

/** `--host <package>` (`evaluateHost`) names a package that is not installed where the project can see it. */
export class HostNotFoundError extends PlugboardError {
  readonly host: string;
  constructor(details: {
    /** The package name or folder given as the host. */
    readonly host: string;
    /** The working directory it was looked up from. */
    readonly cwd: string;
    /** Where it was looked for. */
    readonly searched: readonly string[];
  }) {
    super(
      'host-not-found',
      `host '${details.host}' is not installed where ${details.cwd} can import it (looked in ${details.searched.join(', ') || 'no lookup directory'}); install it in the project, or give the host's folder (--host <dir>)`,
      { package: details.host, path: details.cwd },
    );
    this.host = details.host;
  }
}
