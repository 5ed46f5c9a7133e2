/**
 * Loading one plugin of a group in a worker or a child process. Its own module so that only the
 * group manager reaches it: the bundler's browser runtime shares load.ts and must carry no path,
 * not even a lazy one, to the isolate code and its Node built-ins.
 */
import type { EntryPoint } from '../entry-points/index.js';
import { InvokeFailedError } from './errors.js';
import { type LoadSpec, loadUnbounded, validate } from './load.js';

/** The plugin in a worker or child process (docs/isolation.md); the isolate code is imported only here. */
export async function loadIsolated(ep: EntryPoint, spec: LoadSpec, signal: AbortSignal): Promise<unknown> {
  const { isolatePlugin } = await import('../isolate/index.js');
  const isolated = await isolatePlugin(ep, {
    isolate: spec.isolate!,
    invoke: spec.invoke && { args: spec.invoke, failed: (cause) => new InvokeFailedError({ entryPoint: ep, cause }) },
    check: spec.schema && ((proxy) => validate(ep, spec.schema!, proxy)),
    signal,
  });
  if (!isolated) return loadUnbounded(ep, spec);
  spec.isolates?.add(isolated);
  return isolated.plugin;
}
