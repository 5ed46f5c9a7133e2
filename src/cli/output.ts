/**
 * What commands write to, and how. Human output is plain text with optional ANSI colour; colour
 * follows the NO_COLOR (https://no-color.org) and FORCE_COLOR conventions, else whether stdout is a
 * terminal.
 */

/** A stream the CLI writes to. */
export interface Sink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Everything a run of the CLI touches outside itself, so tests can run it in-process. */
export interface Io {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The process's working directory; `--cwd` is resolved against it. */
  readonly cwd: string;
}

/** Colour helpers; each is the identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

/** Whether to colour output written to `sink`, given the environment. */
export function useColor(env: Io['env'], sink: Sink): boolean {
  // NO_COLOR wins over FORCE_COLOR: a user who opts out must never get escapes.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return sink.isTTY === true && env.TERM !== 'dumb';
}

/** A `Style` that colours when `enabled`. */
export function style(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Text width without colour escapes. */
export function width(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Lays rows out in columns separated by two spaces; the header row is bold. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], s: Style): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
      .join('  ')
      .trimEnd();
  return [s.bold(line(header)), ...rows.map(line)].join('\n');
}

/** Aligned `key  value` lines, indented. */
export function fields(pairs: readonly (readonly [string, string])[], s: Style, indent = '  '): string {
  const keyWidth = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${indent}${s.dim(key.padEnd(keyWidth))}  ${value}`).join('\n');
}

/** Escapes a Markdown table cell. */
export function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
