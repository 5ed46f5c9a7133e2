// Groups: a typed plugin manager over one group, with a contract, policies and timeouts.
export {
  BlockedError,
  ConflictError,
  ContractFailedError,
  InvalidMetaError,
  IncompatibleError,
  InvokeFailedError,
  LoadTimeoutError,
  UntrustedError,
} from './errors.js';
export { defineGroup } from './group.js';
export type {
  Group,
  GroupOptions,
  InvokeArgs,
  Invoked,
  LoadAllOptions,
  LoadOrder,
  LoadedPlugin,
  LoadResult,
  PluginError,
  TypedEntryPoint,
} from './types.js';
export { pluginOf } from './load.js';
export { metaProblems } from './meta.js';
export type { StandardSchemaV1 } from './standard-schema.js';
// For plugboard/bundler's browser runtime: the same unwrap, validation, invoke and timeout as a group.
export { type LoadSpec, loadPlugin } from './load.js';
