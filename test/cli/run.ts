/** Runs the CLI in-process and normalises temp paths, for snapshots. */
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { run } from '../../src/cli/run.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** The whole environment the CLI sees (nothing leaks in from the test process). */
  readonly env?: Record<string, string | undefined>;
  /** Pretend stdout is a terminal. */
  readonly tty?: boolean;
  /** Pretend stderr is a terminal. */
  readonly errTty?: boolean;
}

/** `plugboard <args>` in-process, with temp paths replaced by `<prefix>` placeholders. */
export async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.errTty ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout: normalise(stdout), stderr: normalise(stderr) };
}

const roots = [...new Set([realpathSync(tmpdir()), tmpdir()])].map((root) =>
  root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
);
const TEMP = new RegExp(`(?:${roots.join('|')})/plugboard-([a-z]+)-[A-Za-z0-9]{6}`, 'g');

/** Replaces `/tmp/plugboard-host-AbC123` with `<host>`, and relative `../plugboard-pack-AbC123` likewise. */
export function normalise(text: string): string {
  return text.replace(TEMP, '<$1>').replace(/plugboard-([a-z]+)-[A-Za-z0-9]{6}/g, '<$1>');
}
