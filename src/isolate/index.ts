// Isolated plugins: one plugin per worker thread or child process, behind a proxy whose functions
// return promises. Groups import this lazily, only when their `isolate` option asks for it.
export {
  CallTimeoutError,
  IsolateCrashedError,
  IsolateDisposedError,
  NotCloneableError,
  OutOfMemoryError,
  PermissionDeniedError,
  PermissionModelUnavailableError,
  QuarantinedError,
} from './errors.js';
export { type IsolatedPlugin, type IsolateRequest, isolatePlugin } from './isolate.js';
export { askedPermissions } from './permissions.js';
export type { Isolated, IsolateMode, IsolateOptions, IsolateSetting, Permissions } from './types.js';
