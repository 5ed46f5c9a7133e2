// Discovery: which packages the host can import, read through the finders (node_modules layouts,
// Yarn Plug'n'Play), replayed from the index cache while nothing changed, and the host's own
// package.json. Imports no plugin code.
export { type CacheOptions, type CacheStatus, cacheStatus, clearCache } from './cache.js';
export { defaultFinders, type DiscoverOptions, entryPoints } from './discover.js';
export { CacheClearError } from './errors.js';
export type { Finder, FinderContext, FoundPackage } from './finder.js';
export { nodeModulesFinder } from './finders/node-modules.js';
export { isInternalDir, type LookupDir, lookupDirs, whyUnsafe } from './lookup.js';
export { type Project, type Roles, readRoles } from './roles.js';
export { pnpApiFor, pnpFinder } from './finders/pnp.js';
export {
  type Dependencies,
  dependenciesOf,
  fromDir,
  type Host,
  type HostInfo,
  type HostManifest,
  hostDir,
  hostManifest,
  hostOf,
  readHost,
} from './host.js';
export {
  DECLARATIONS_FIELD,
  type Declarations,
  type DeclaringPackage,
  declarationOf,
  type GroupDeclaration,
  readDeclarations,
} from './declarations.js';
export { type DuplicateKey, duplicateKeys } from './duplicate-keys.js';
export { readEntryPoints } from './manifest.js';
export {
  MAX_BYTES,
  MAX_DEPTH,
  type PackageJson,
  type PackageJsonFailure,
  readPackageJson,
  readPackageJsonFile,
  withoutBom,
} from './package-json.js';
