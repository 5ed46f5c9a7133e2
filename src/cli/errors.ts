/**
 * The errors of the command line. They never leave the CLI (the bin prints them and exits 2), so
 * their code is the CLI's own, not one of the library's `ErrorCode`s.
 */

/** The codes of the CLI's own errors. */
export type CliErrorCode = 'usage';

/** The `plugboard` command line was used wrongly (unknown option, missing argument); exit code 2. */
export class CliUsageError extends Error {
  readonly code: CliErrorCode = 'usage';
  /** The option or argument at fault, when there is one (`--name`, `<dir>`). */
  readonly option: string | undefined;
  constructor(details: { readonly message: string; readonly option?: string }) {
    super(details.message);
    this.name = 'CliUsageError';
    this.option = details.option;
  }
}
