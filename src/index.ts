export type { Diagnostic, DiagnosticCode } from './diagnostics.js';
export { defaultFinders, entryPoints, type DiscoverOptions } from './discover.js';
export { EntryPoint, type EntryPointInit, type PackageInfo, type Selector } from './entry-point.js';
export { EntryPoints } from './entry-points.js';
export {
  AmbiguousEntryPointError,
  AttributeMissingError,
  BlockedError,
  CacheClearError,
  ConflictError,
  ContractFailedError,
  EntryPointNotFoundError,
  type ErrorCode,
  ImportFailedError,
  IncompatibleError,
  InvokeFailedError,
  LoadTimeoutError,
  ModuleNotFoundError,
  PlugboardError,
  UntrustedError,
} from './errors.js';
export type { Finder, FinderContext, FoundPackage, PackageOrigin } from './finder.js';
export { nodeModulesFinder } from './finders/node-modules.js';
export { pnpFinder } from './finders/pnp.js';
export {
  defineGroup,
  type Group,
  type GroupOptions,
  type InvokeArgs,
  type Invoked,
  type LoadedPlugin,
  type LoadResult,
  type PluginError,
} from './group/group.js';
export type { StandardSchemaV1 } from './group/standard-schema.js';
export {
  createHooks,
  DuplicatePluginError,
  HookCallError,
  HookError,
  InvalidHookSpecError,
  InvalidPluginError,
  MonitorFailedWarning,
  NotAFunctionError,
  OrderCycleError,
  ParallelSyncCallError,
  RequiredHookMissingError,
  SyncReturnedPromiseError,
  UnknownHookError,
  wrap,
  wrapAsync,
} from './hooks/index.js';
export type {
  AsyncResult,
  CallAsyncResult,
  CallResult,
  Collected,
  AsyncHookHandle,
  HookHandle,
  HookImpls,
  HookMonitor,
  Hooks,
  HookSpec,
  HooksSpec,
  RegisterOptions,
  SyncResult,
  Unregister,
} from './hooks/index.js';
export { type CacheOptions, type CacheStatus, cacheStatus, clearCache } from './cache.js';
