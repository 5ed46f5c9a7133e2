export type { Diagnostic, DiagnosticCode } from './diagnostics.js';
export { entryPoints, type DiscoverOptions } from './discover.js';
export { EntryPoint, type EntryPointInit, type PackageInfo, type Selector } from './entry-point.js';
export { EntryPoints } from './entry-points.js';
export {
  AmbiguousEntryPointError,
  AttributeMissingError,
  EntryPointNotFoundError,
  ImportFailedError,
  ModuleNotFoundError,
  PlugboardError,
} from './errors.js';
export type { Finder, FinderContext, FoundPackage, PackageOrigin } from './finder.js';
export { nodeModulesFinder } from './finders/node-modules.js';
