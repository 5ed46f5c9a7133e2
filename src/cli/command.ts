/**
 * The command contract. One command is one module in src/cli/commands/ exporting a `Command`,
 * listed once in src/cli/commands/index.ts; the runner adds `--help`, `--json` and `--cwd` to every
 * command, parses arguments with `node:util.parseArgs`, and maps the result to an exit code.
 */
import type { Io, Style } from './output.js';

/** Exit codes shared by every command. */
export const EXIT: { readonly ok: 0; readonly problems: 1; readonly usage: 2 } = Object.freeze({
  ok: 0,
  problems: 1,
  usage: 2,
});

/** One option of a command, in `parseArgs` terms plus help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The placeholder shown in help, for string options (`<group>`). */
  readonly value?: string;
  readonly description: string;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Positional arguments after the command name. */
  readonly args: readonly string[];
  /** Parsed options (the command's own, plus `json` and `cwd`). */
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
  /** `--cwd`, resolved; the process's directory by default. */
  readonly cwd: string;
  readonly json: boolean;
  readonly io: Io;
  /** Colours for stdout. */
  readonly style: Style;
  /** Colours for stderr, which may be a terminal when stdout is not, or the other way round. */
  readonly errStyle: Style;
  /** Writes a line (or lines) to stdout. */
  print(text: string): void;
  /** Writes a line to stderr. */
  warn(text: string): void;
  /** Writes `value` to stdout as indented JSON. */
  printJson(value: unknown): void;
}

/** A `plugboard` subcommand. */
export interface Command {
  /** The word after `plugboard`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Positionals as shown in help, e.g. `[group]` or `<group> <name>`. */
  readonly usage: string;
  /** More help text, shown by `plugboard <name> --help`. */
  readonly description?: string;
  /** Fewest and most positionals accepted. */
  readonly positionals: { readonly min: number; readonly max: number };
  /** The command's own options. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Example invocations for help. */
  readonly examples?: readonly string[];
  /** Does the work and returns the exit code; throw `CliUsageError` for bad input. */
  run(context: CommandContext): number | Promise<number>;
}
