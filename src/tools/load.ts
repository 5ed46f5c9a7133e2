/**
 * Importing a plugin on behalf of a tool (`plugboard check --load`, `plugboard show --load`): the
 * tool's verdict must survive whatever the plugin's module does while it is evaluated.
 * - A top-level await that never settles would let Node exit with code 13 and print nothing; a
 *   time limit reports it instead (the same `timeout` error groups use).
 * - `process.exit()` during the import would end the tool with the plugin's exit code, so a
 *   `prepublishOnly: plugboard check --load` would pass without checking; it is refused instead.
 * - What the module prints goes to stderr, so that `--json` output on stdout stays parseable.
 */
import type { EntryPoint } from '../entry-points/index.js';
import { LoadTimeoutError } from '../group/index.js';

/** The default limit, as `defineGroup`'s. */
export const TOOL_LOAD_TIMEOUT = 10_000;

/**
 * `ep.load()`, guarded as described above.
 *
 * @param timeout milliseconds; `0` or `Infinity` for none.
 * @throws {LoadTimeoutError} `timeout` when the import does not finish in time.
 * @throws {ImportFailedError} `import-failed` when the module throws or calls `process.exit()`.
 */
export async function loadForTool(ep: EntryPoint, timeout: number = TOOL_LOAD_TIMEOUT): Promise<unknown> {
  const exit = process.exit;
  const write = process.stdout.write;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Thrown inside the module's evaluation, so `ep.load()` reports it as the import's failure.
  process.exit = ((code?: number | string | null) => {
    throw new Error(`the module called process.exit(${code ?? ''}) while it was being imported`);
  }) as typeof process.exit;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    const work = ep.load();
    if (!(timeout > 0 && Number.isFinite(timeout))) return await work;
    // A referenced timer on purpose: it keeps the event loop alive while a top-level await waits
    // on nothing, long enough to report it.
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LoadTimeoutError({ entryPoint: ep, timeout })), timeout);
    });
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    process.exit = exit;
    process.stdout.write = write;
  }
}
