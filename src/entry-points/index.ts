// The model: an entry point, a collection of them, resolving a `<module>` through a package's
// `exports`, and loading it. Discovery builds these; groups, tools and the CLI read them.
export { EntryPoint, type EntryPointInit, type PackageInfo, type PackageOrigin, type Selector } from './entry-point.js';
export { concerns, EntryPoints } from './entry-points.js';
export {
  AmbiguousEntryPointError,
  AttributeMissingError,
  EntryPointNotFoundError,
  ImportFailedError,
  ModuleNotFoundError,
  type ModuleNotFoundReason,
  where,
} from './errors.js';
