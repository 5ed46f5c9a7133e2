/**
 * The `plugboard` command line, runnable in-process: `run(argv, io)` returns the exit code. The bin
 * (main.ts) only wires it to the real process.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError } from './errors.js';
import { PlugboardError } from '../core/index.js';
import { didYouMean } from '../core/index.js';
import { type Command, type CommandContext, EXIT, type OptionSpec } from './command.js';
import { commands } from './commands/index.js';
import { type Io, style, useColor } from './output.js';

const COMMON: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout' },
  cwd: { type: 'string', value: '<dir>', description: 'run as if started in <dir> (default: the current directory)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/**
 * Runs the CLI.
 *
 * @param argv the arguments after `plugboard`.
 * @param io the streams, environment and working directory to use.
 * @returns the exit code: 0 all is well, 1 problems were found, 2 usage error.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      // Bare `plugboard` is a usage error: help goes to stderr so stdout stays empty for pipes.
      (first === undefined ? io.stderr : io.stdout).write(`${mainHelp(io)}\n`);
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = commands.find((c) => c.name === topic);
    if (!command) return usageError(io, unknownCommand(topic));
    io.stdout.write(`${commandHelp(command, io)}\n`);
    return EXIT.ok;
  }
  // `--version --json` and `--json --version` alike; nothing else may come with it.
  const versionFlag = argv.findIndex((a) => a === '-v' || a === '--version');
  if (versionFlag !== -1 && (first === '-v' || first === '--version' || first === '--json')) {
    const others = argv.filter((a, i) => i !== versionFlag && a !== '--json');
    if (others.length) return usageError(io, `unexpected argument '${others[0]}' with --version`);
    const v = await version();
    io.stdout.write(
      argv.includes('--json') ? `${JSON.stringify({ name: 'plugboard', version: v }, null, 2)}\n` : `${v}\n`,
    );
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) return usageError(io, unknownCommand(first));
  try {
    const context = parse(command, rest, io);
    if (context === 'help') {
      io.stdout.write(`${commandHelp(command, io)}\n`);
      return EXIT.ok;
    }
    return await command.run(context);
  } catch (error) {
    if (error instanceof CliUsageError) return usageError(io, error.message, command);
    if (error instanceof PlugboardError) {
      io.stderr.write(`plugboard ${command.name}: ${error.message}\n`);
      return EXIT.problems;
    }
    throw error;
  }
}

function parse(command: Command, args: readonly string[], io: Io): CommandContext | 'help' {
  const specs = { ...command.options, ...COMMON };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown options and missing values.
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
      throw new CliUsageError({ message: message.charAt(0).toLowerCase() + message.slice(1) });
    }
    throw error;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return 'help';
  const positionals = parsed.positionals;
  if (positionals.length < command.positionals.min) {
    throw new CliUsageError({ message: `missing argument: expected ${command.usage}` });
  }
  if (positionals.length > command.positionals.max) {
    throw new CliUsageError({
      message: `unexpected argument '${positionals[command.positionals.max]}': expected ${command.usage || 'no arguments'}`,
    });
  }
  const s = style(useColor(io.env, io.stdout));
  const cwd = resolve(io.cwd, typeof values.cwd === 'string' ? values.cwd : '.');
  // A mistyped --cwd would otherwise discover nothing there and report that as a finding.
  if (typeof values.cwd === 'string' && !statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliUsageError({ message: `--cwd ${cwd} is not a directory`, option: '--cwd' });
  }
  return {
    args: positionals,
    options: values,
    cwd,
    json: values.json === true,
    io,
    style: s,
    errStyle: style(useColor(io.env, io.stderr)),
    print: (text) => io.stdout.write(`${text}\n`),
    warn: (text) => io.stderr.write(`${text}\n`),
    printJson: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

function unknownCommand(name: string): string {
  const guess = didYouMean(
    name,
    commands.map((c) => c.name),
  );
  return `unknown command '${name}'${guess ? `: did you mean '${guess}'?` : ''}`;
}

function usageError(io: Io, message: string, command?: Command): number {
  const help = command ? `plugboard ${command.name} --help` : 'plugboard --help';
  io.stderr.write(`plugboard: ${message}\nRun '${help}' for usage.\n`);
  return EXIT.usage;
}

function mainHelp(io: Io): string {
  const s = style(useColor(io.env, io.stdout));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${s.bold('plugboard')} — entry points for TypeScript and Node.js`,
    '',
    `${s.bold('Usage:')} plugboard <command> [options]`,
    '',
    s.bold('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Every command takes --help, --json and --cwd <dir>. plugboard --version (-v) prints the version.`,
    `Exit codes: 0 all is well, 1 problems were found, 2 usage error.`,
    `Colour: set NO_COLOR to disable, FORCE_COLOR to force.`,
  ].join('\n');
}

function commandHelp(command: Command, io: Io): string {
  const s = style(useColor(io.env, io.stdout));
  const specs = Object.entries({ ...command.options, ...COMMON });
  const flag = ([name, spec]: [string, OptionSpec]) =>
    `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''}`;
  const width = Math.max(...specs.map((entry) => flag(entry).length));
  const lines = [
    `${s.bold('Usage:')} plugboard ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.description) lines.push('', command.description);
  lines.push(
    '',
    s.bold('Options:'),
    ...specs.map((entry) => `  ${flag(entry).padEnd(width)}  ${entry[1].description}`),
  );
  if (command.examples?.length) lines.push('', s.bold('Examples:'), ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

async function version(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
