#!/usr/bin/env node
// The `plugboard` bin. All behaviour lives in run.ts so tests can run the CLI in-process.
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
