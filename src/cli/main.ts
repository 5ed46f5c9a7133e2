#!/usr/bin/env node
// The `plugboard` bin. All behaviour lives in run.ts so tests can run the CLI in-process; this file
// only wires it to the real process, and guards the process against the plugins `--load` imports:
// - stdout belongs to the CLI. What a plugin prints, during its import or any time later (a timer
//   it started), goes to stderr, so `--json` output stays parseable.
// - The CLI exits when its command is done. A plugin's open handle (an interval, a socket, a
//   pending timer) would otherwise keep `plugboard check --load` alive: a `prepublishOnly` that
//   never ends, or a `--timeout` verdict followed by a long wait.
// - A reader that goes away (`plugboard doctor | head -1`) ends the CLI quietly, as it does `cat`,
//   instead of an unhandled EPIPE and a stack trace.
import type { Sink } from './output.js';
import { run } from './run.js';

const out = process.stdout;
const err = process.stderr;
const write = out.write.bind(out) as (text: string, done?: () => void) => boolean;
process.stdout.write = err.write.bind(err) as typeof process.stdout.write;

let code = 0;
const quietOnEpipe = (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(code);
  throw error;
};
out.on('error', quietOnEpipe);
err.on('error', quietOnEpipe);

const stdout: Sink = { write: (text: string) => write(text), isTTY: out.isTTY };
code = await run(process.argv.slice(2), { stdout, stderr: err, env: process.env, cwd: process.cwd() });
process.exitCode = code;
// Let both streams flush (pipes are asynchronous on some platforms), then end the process.
await Promise.all([
  new Promise<void>((done) => write('', done)),
  new Promise<void>((done) => err.write('', () => done())),
]);
process.exit(code);
