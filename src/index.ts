// `plugboard`: discovery and groups. The hooks are their own entry, `plugboard/hooks`, since a host
// that only discovers and loads plugins should not parse them (README: "Which entry to import").
export type { Diagnostic, DiagnosticCode, ErrorCode } from './core/index.js';
// Types only: the isolation code itself is imported when a group first isolates a plugin.
export type { Isolated, IsolateMode, IsolateOptions, IsolateSetting, Permissions } from './isolate/index.js';
export { PlugboardError } from './core/index.js';
export {
  type CacheOptions,
  type CacheStatus,
  CacheClearError,
  cacheStatus,
  clearCache,
  defaultFinders,
  type DiscoverOptions,
  entryPoints,
  type Finder,
  type FinderContext,
  type FoundPackage,
  type Host,
  type Project,
  nodeModulesFinder,
  pnpFinder,
} from './discovery/index.js';
export {
  AmbiguousEntryPointError,
  AttributeMissingError,
  EntryPoint,
  type EntryPointInit,
  EntryPointNotFoundError,
  EntryPoints,
  ImportFailedError,
  ModuleNotFoundError,
  type ModuleNotFoundReason,
  type PackageInfo,
  type PackageOrigin,
  type Selector,
} from './entry-points/index.js';
export {
  BlockedError,
  ConflictError,
  ContractFailedError,
  defineGroup,
  type Group,
  type GroupOptions,
  IncompatibleError,
  InvalidMetaError,
  type InvokeArgs,
  type Invoked,
  InvokeFailedError,
  type LoadAllOptions,
  type LoadedPlugin,
  type LoadOrder,
  type LoadResult,
  LoadTimeoutError,
  type PluginError,
  type StandardSchemaV1,
  type TypedEntryPoint,
  UntrustedError,
} from './group/index.js';
