/**
 * Reads the `entryPoints` field of one package.json into entry points and diagnostics. A bad group,
 * name or value drops only that declaration; the rest of the package, and every other package, is
 * still discovered.
 */
import { type Diagnostic, diagnostic } from '../core/index.js';
import { EntryPoint, type PackageInfo, type Selector } from '../entry-points/index.js';
import type { FoundPackage } from './finder.js';
import { checkGroup, checkName } from '../core/index.js';
import { parsePackageJson } from './package-json.js';
import { child } from './path.js';

export { withoutBom } from './package-json.js';

/**
 * The entry points `pkg` declares that match `selector`; problems go to `report`.
 *
 * This runs for every package with entry points on every discovery, warm or cold, mostly as cold
 * code in a short-lived process: the valid path allocates only what it returns (no option objects,
 * no key arrays; diagnostics' details are built only for a problem). docs/performance.md.
 */
export function readEntryPoints(pkg: FoundPackage, selector: Selector, report: (d: Diagnostic) => void): EntryPoint[] {
  const declared = pkg.manifest.entryPoints;
  const found: EntryPoint[] = [];
  if (!isPlainObject(declared)) {
    report(
      diagnostic(
        'invalid-entry-points',
        `${pkg.name}: "entryPoints" must be an object of groups, but it is ${kind(declared)} (${pkg.manifestPath})`,
        pkg.manifestPath,
        { package: pkg.name },
      ),
    );
    return found;
  }
  // One frozen PackageInfo, shared by the package's entry points.
  const info: PackageInfo = Object.freeze(packageInfo(pkg));
  // `for…in` with an own-property check, not Object.keys(): every package's entries object has
  // keys of its own, hence a shape of its own, and Object.keys() builds a fresh key list for each
  // (eight times the allocation, measured). A selected group is looked up directly.
  if (selector.group !== undefined) {
    if (Object.hasOwn(declared, selector.group))
      readGroup(pkg, info, selector.group, declared[selector.group], selector, report, found);
  } else {
    for (const group in declared)
      if (Object.hasOwn(declared, group)) readGroup(pkg, info, group, declared[group], selector, report, found);
  }
  return found;
}

function readGroup(
  pkg: FoundPackage,
  info: PackageInfo,
  group: string,
  entries: unknown,
  selector: Selector,
  report: (d: Diagnostic) => void,
  found: EntryPoint[],
): void {
  const groupProblem = checkGroup(group);
  if (groupProblem) {
    report(
      diagnostic('invalid-group', `${pkg.name}: ${groupProblem} (${pkg.manifestPath})`, pkg.manifestPath, {
        package: pkg.name,
      }),
    );
    return;
  }
  if (!isPlainObject(entries)) {
    report(
      diagnostic(
        'invalid-entry-points',
        `${pkg.name}: group '${group}' must be an object of entries, but it is ${kind(entries)} (${pkg.manifestPath})`,
        pkg.manifestPath,
        { package: pkg.name, group },
      ),
    );
    return;
  }
  for (const name in entries) {
    if (!Object.hasOwn(entries, name) || (selector.name !== undefined && name !== selector.name)) continue;
    const nameProblem = checkName(name);
    if (nameProblem) {
      report(
        diagnostic(
          'invalid-name',
          `${pkg.name}: in group '${group}', ${nameProblem} (${pkg.manifestPath})`,
          pkg.manifestPath,
          { package: pkg.name, group },
        ),
      );
      continue;
    }
    const declaration = entries[name];
    let value: string;
    let meta: unknown;
    if (typeof declaration === 'string') value = declaration;
    else {
      const problem = objectFormProblem(declaration);
      if (problem !== undefined) {
        report(
          diagnostic(
            'invalid-value',
            `${pkg.name}: entry '${name}' in group '${group}': ${problem} (${pkg.manifestPath})`,
            pkg.manifestPath,
            { package: pkg.name, group, name },
          ),
        );
        continue;
      }
      value = (declaration as { value: string }).value;
      meta = (declaration as { meta?: unknown }).meta;
    }
    const ep = EntryPoint.parse({ group, name, value, meta, package: info, manifest: pkg.manifest });
    if (typeof ep === 'string') {
      report(
        diagnostic(
          'invalid-value',
          `${pkg.name}: entry '${name}' in group '${group}' has value '${value}': ${ep} (${pkg.manifestPath})`,
          pkg.manifestPath,
          { package: pkg.name, group, name },
        ),
      );
      continue;
    }
    found.push(ep);
  }
}

/**
 * Parses a package.json that mentions "entryPoints", for any finder, through the one reader's rules
 * (package-json.ts). A package whose top-level object has no `entryPoints` field is not a plugin and
 * is skipped silently, whatever else mentions the word (typedoc's `"typedocOptions": { "entryPoints":
 * […] }`, `"keywords": ["entryPoints"]`): only the top-level field counts. A file that is not JSON,
 * not an object, too deep, or (for a plugin) has no non-empty string `name` is a
 * `malformed-manifest` diagnostic.
 */
export function parseManifest(
  text: string,
  installedAs: string,
  manifestPath: string,
  report: (d: Diagnostic) => void,
): Record<string, unknown> | undefined {
  const read = parsePackageJson(text, manifestPath);
  if (!('manifest' in read)) {
    report(diagnostic('malformed-manifest', `${installedAs}: ${read.message}`, manifestPath, { package: installedAs }));
    return undefined;
  }
  const manifest = read.manifest;
  if (!Object.hasOwn(manifest, 'entryPoints')) return undefined;
  if (typeof manifest.name !== 'string' || manifest.name === '') {
    report(
      diagnostic(
        'malformed-manifest',
        `${installedAs}: ${manifestPath} must be an object with a non-empty string "name"`,
        manifestPath,
        { package: installedAs },
      ),
    );
    return undefined;
  }
  return manifest;
}

/** Where a finder found a parsed package.json: everything in `FoundPackage` that is not read from it. */
export type Location = Pick<FoundPackage, 'installedAs' | 'dir' | 'origin' | 'lookupDir' | 'linked'>;

/** The record every finder yields for a package.json that `parseManifest` accepted. */
export function foundPackage(manifest: Record<string, unknown>, at: Location): FoundPackage {
  return {
    installedAs: at.installedAs,
    dir: at.dir,
    origin: at.origin,
    lookupDir: at.lookupDir,
    linked: at.linked,
    name: manifest.name as string,
    version: typeof manifest.version === 'string' ? manifest.version : '',
    // `dir` is already normal: see path.ts for why not join().
    manifestPath: child(at.dir, 'package.json'),
    manifest,
  };
}

/** The public description of a found package. */
export function packageInfo(pkg: FoundPackage): PackageInfo {
  return {
    name: pkg.name,
    version: pkg.version,
    dir: pkg.dir,
    installedAs: pkg.installedAs,
    origin: pkg.origin,
    lookupDir: pkg.lookupDir,
    linked: pkg.linked,
  };
}

/** Why an entry's declaration, which is not a string, is not a valid object form either. */
function objectFormProblem(declaration: unknown): string | undefined {
  if (!isPlainObject(declaration)) {
    return `the value must be a string '<module>[:<attr>]' or an object { "value", "meta" }, but it is ${kind(declaration)}`;
  }
  const extra = Object.keys(declaration).filter((key) => key !== 'value' && key !== 'meta');
  if (extra.length)
    return `unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (only "value" and "meta" are allowed)`;
  if (typeof declaration.value !== 'string')
    return `"value" must be a string '<module>[:<attr>]', but it is ${kind(declaration.value)}`;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
