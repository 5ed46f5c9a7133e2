/**
 * The discovery index cache. It keeps what the node_modules finder reported (the packages it found
 * and the diagnostics it raised, in order) in `<nearest node_modules>/.cache/plugboard/`, and replays
 * it only while nothing it was built from has changed. Entry points are still built and validated
 * from the replayed packages on every call, so the cache cannot change what discovery decides.
 *
 * Validity is a list of stamps (mtime, ctime, inode, size) taken with `stat`: every lookup
 * directory, the package managers' state files (or, where there is none, every scope directory),
 * the package.json of every linked package and of every plugin found through NODE_PATH,
 * PLUGBOARD_PATH or `paths`, and every path a diagnostic named. None of that grows with the number
 * of installed packages, except links and those path-found plugins, which people edit in place. docs/cache.md
 * walks through every way the index could go stale and why it does not.
 */
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/index.js';
import { CacheClearError } from './errors.js';
import type { Finder, FinderContext, FoundPackage } from './finder.js';
import { nodeModulesFinder } from './finders/node-modules.js';
import { type LookupDir, lookupDirs, whyStatUnsafe, whyUnsafe } from './lookup.js';
import { foundPackage, parseManifest } from './manifest.js';
import { readManifestText } from './package-json.js';
import { child } from './path.js';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const {
  accessSync,
  constants,
  mkdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = process.getBuiltinModule('node:fs');

/** Bump when the file layout or the meaning of a stamp changes; older files are then rebuilt. */
const FORMAT = 3;

/**
 * State files that package managers rewrite on every install, update or removal, inside each
 * node_modules: npm's hidden lockfile, pnpm's `.modules.yaml`, Yarn classic's `.yarn-integrity` and
 * Yarn Berry's node-modules-linker `.yarn-state.yml`. They catch changes that leave directory
 * mtimes alone (pnpm re-importing a `file:` tarball into the same store folder).
 */
const STATE_FILES = ['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml'];

/**
 * Lockfiles beside node_modules that `bun add` and `bun remove` rewrite. Bun keeps no state file
 * in node_modules; stamping its lockfile still catches a bun install into a tree that an earlier
 * npm, pnpm or Yarn install left a state file in.
 */
const BESIDE = ['bun.lock', 'bun.lockb'];

/**
 * Timestamps newer than this, relative to the start of the scan, are "racy": the directory or file
 * could change again within the same clock tick without its mtime moving, so an index built now
 * could never notice. Linux stamps files from a coarse clock (one jiffy, 1–10 ms); filesystems
 * with whole-second timestamps (ext3, HFS+, FAT's two seconds) get the longer window.
 */
const RACY_MS = 100;
const RACY_COARSE_MS = 2100;

/**
 * Plugboard's own code: a cache written by another build is not trusted. dist/ is bundled: the
 * entries (dist/index.js, dist/tools/index.js) and the CLI (dist/cli/main.js) import the same
 * content-hashed chunks, so the file holding this module's code is the same file whichever way
 * plugboard was entered, and its name and content change with any change to the code it imports
 * (the finder's included). That file and plugboard's package.json (its version, rewritten by every
 * install) are stamped; the package root, the nearest folder above with a package.json, is in the
 * key, so the library and the CLI of one install share the index. Found once per process.
 */
let own: { readonly root: string; readonly files: readonly string[] } | undefined;
function ownCode(): { readonly root: string; readonly files: readonly string[] } {
  if (own === undefined) {
    // import.meta.filename (Node ≥ 20.11, Bun, Deno) spares loading the URL parser on a warm path.
    const file = import.meta.filename ?? fileURLToPath(import.meta.url);
    let root = dirname(file);
    for (let at = root; ; at = dirname(at)) {
      if (statSync(child(at, 'package.json'), { throwIfNoEntry: false })?.isFile()) {
        root = at;
        break;
      }
      if (dirname(at) === at) break;
    }
    own = { root, files: [file, child(root, 'package.json')] };
  }
  return own;
}

/**
 * What `stat` said of a path: `d` (directory) or `f` (anything else) and mtime/ctime/inode/size/
 * device, `-` when it does not exist, `!<code>` when `stat` failed. (Tried: arrays of numbers.
 * They cost more instructions to parse and compare than these strings cost to format.)
 */
type Stamp = string;
type Stamps = Map<string, Stamp>;

/**
 * A package the finder yielded, compacted: the index of its lookup directory in the key's lookup
 * list, the name it is installed as, its directory (`0` when it is `<lookup dir>/<installedAs>`),
 * whether it is linked (`1`) and its trimmed package.json. Everything else a `FoundPackage` holds is
 * derived from these, as the finder derives it.
 */
type PackageEvent = readonly ['p', number, string, string | 0, 0 | 1, Record<string, unknown>];
/**
 * A package whose package.json JSON cannot write back (a number such as `1e400` or `-0`, which
 * `JSON.stringify` turns into `null` or `0`): the same fields without the manifest, which is read
 * again on replay (it is stamped), so that cached and uncached discovery see the same values.
 */
type ReadEvent = readonly ['r', number, string, string | 0, 0 | 1];
type Event = PackageEvent | ReadEvent | readonly ['d', Diagnostic];

interface IndexFile {
  readonly format: number;
  readonly key: string;
  readonly builtAt: number;
  /** `[path, stamp]`: the index is valid while every path still stamps the same. */
  readonly stamps: readonly (readonly [string, Stamp])[];
  /** What the finder yielded and reported, in order, so replaying it is indistinguishable. */
  readonly events: readonly Event[];
}

/** Where a host's index lives, and its key. */
interface Location {
  readonly lookups: readonly LookupDir[];
  readonly key: string;
  /** The cache directory, or `undefined` when there is no node_modules to keep it in. */
  readonly dir: string | undefined;
  readonly file: string | undefined;
}

/** True when `context` asks for no cache: the `cache: false` option or `PLUGBOARD_NO_CACHE`. */
function disabled(context: Pick<FinderContext, 'cache' | 'env'>): boolean {
  const env = context.env.PLUGBOARD_NO_CACHE;
  return context.cache === false || (env !== undefined && env !== '' && env !== '0' && env !== 'false');
}

function locate(context: Pick<FinderContext, 'cwd' | 'paths' | 'env' | 'project'>, stamps: Stamps): Location {
  const lookups = lookupDirs(context);
  // The uid too: what the finder reports depends on who runs it (unreadable directories, and
  // unsafe-lookup-dir compares owners with the current user).
  const key = JSON.stringify([FORMAT, ownCode().root, process.getuid?.(), lookups.map((l) => `${l.origin}:${l.dir}`)]);
  // The nearest node_modules that exists holds the index: it goes away with `rm -rf node_modules`.
  let dir: string | undefined;
  for (const lookup of lookups) {
    const stamp = stampOf(lookup.dir, stamps);
    // The index lives in node_modules/.cache/plugboard.
    if (dir === undefined && lookup.origin === 'node_modules' && stamp.charCodeAt(0) === 100 /* d */)
      dir = child(child(lookup.dir, '.cache'), 'plugboard');
  }
  return { lookups, key, dir, file: dir && child(dir, `index-${hash(key)}.json`) };
}

/**
 * Wraps the node_modules finder with the index cache. With a valid index, the finder's output is
 * replayed without listing a single directory; otherwise the finder runs and its output is saved.
 */
export function cached(finder: Finder): Finder {
  return {
    name: finder.name,
    *find(context) {
      if (disabled(context)) {
        yield* finder.find(context);
        return;
      }
      const scanStart = Date.now();
      const stamps: Stamps = new Map();
      const where = locate(context, stamps);
      const index = where.file ? readIndex(where.file, where) : undefined;
      const replay =
        typeof index === 'object' && stale(index, stamps) === undefined ? replayOf(index, where) : undefined;
      if (replay !== undefined) {
        for (let i = 0; i < replay.length; i++) {
          const item = replay[i]!;
          if ('installedAs' in item) yield item;
          else context.report(item);
        }
        return;
      }
      // Kept out of this function: a warm discovery compiles only the code it runs.
      yield* rebuild(finder, context, where, stamps, scanStart);
    },
  };
}

/**
 * What replaying `index` yields and reports, in order; `undefined` when a package.json it must read
 * again no longer parses as it did (then the index is rebuilt, before anything was yielded).
 */
function replayOf(index: IndexFile, where: Location): (FoundPackage | Diagnostic)[] | undefined {
  const events = index.events;
  const out: (FoundPackage | Diagnostic)[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event[0] === 'p') out.push(expand(event, where.lookups));
    else if (event[0] === 'd') out.push(Object.freeze(event[1]));
    else {
      const pkg = reread(event, where.lookups);
      if (pkg === undefined) return undefined;
      out.push(pkg);
    }
  }
  return out;
}

/** Runs the finder, yielding what it finds, and writes the index of what it found. */
function* rebuild(
  finder: Finder,
  context: FinderContext,
  where: Location,
  stamps: Stamps,
  scanStart: number,
): Generator<FoundPackage> {
  // A cache directory other users can write to could hold their index, which is never read
  // (readIndex): writing one there is wasted.
  const made = where.dir === undefined || unsafeCacheDir(where.dir) ? 'failed' : ensureDir(where.dir);
  if (made === 'failed') where = { ...where, dir: undefined, file: undefined };
  else if (made === 'created') {
    // Creating `.cache` changed node_modules' own mtime: take the stamps again.
    stamps = new Map();
    where = locate(context, stamps);
  }
  const events: Event[] = [];
  const watched = new Set<string>();
  const scopes: string[] = [];
  const inner: FinderContext = {
    ...context,
    report(d) {
      events.push(['d', d]);
      watched.add(d.path);
      context.report(d);
    },
    observe(path, kind) {
      if (kind === 'dir') scopes.push(path);
      else if (kind === 'link' && !storeLink(path)) watched.add(child(path, 'package.json'));
      // A folder of NODE_PATH, PLUGBOARD_PATH or `paths` has no package manager's state file, and
      // is often a source folder edited in place: every package.json in it is stamped, present or
      // not, including those without entryPoints (an edit may add them), as a link's is.
      else if (kind === 'package') watched.add(child(path, 'package.json'));
    },
  };
  let replayable = true;
  for (const pkg of finder.find(inner)) {
    // Every package.json that declares entry points is stamped, installed or linked: an edit in place
    // (patch-package, a quick fix by hand) is seen. They are about 1% of installed packages; the
    // other 99% have no package.json stamped, and editing one by hand to add entryPoints is the
    // accepted case (docs/cache.md).
    // A link's package.json is already stamped through the link (observe), once is enough.
    if (!watched.has(child(child(pkg.lookupDir, pkg.installedAs), 'package.json'))) watched.add(pkg.manifestPath);
    const event = compact(pkg, where.lookups);
    if (event === undefined) replayable = false;
    else events.push(event);
    yield pkg;
  }
  if (where.file === undefined || !replayable) return;
  // Only what this scan depends on: `stamps` also holds the paths of the index it replaces
  // (a link since removed), which would otherwise pile up from one rebuild to the next.
  const kept: Stamps = new Map();
  const keep = (path: string) => kept.set(path, stampOf(path, stamps));
  // node_modules directories whose package manager keeps a state file there.
  const managed = new Set<string>();
  // The lookup directories first, in order: readIndex checks that an index stamps exactly these,
  // which binds it to this tree (their inodes and devices), not only to a key anyone can copy.
  for (const lookup of where.lookups) keep(lookup.dir);
  for (const lookup of where.lookups) {
    if (lookup.origin !== 'node_modules' || stampOf(lookup.dir, stamps).charCodeAt(0) !== 100 /* d */) continue;
    for (const file of STATE_FILES) {
      const path = child(lookup.dir, file);
      keep(path);
      if (stampOf(path, stamps).charCodeAt(0) === 102 /* f */) managed.add(lookup.dir);
    }
    const project = dirname(lookup.dir);
    // Yarn Berry keeps its install state beside node_modules, not in it; bun only has its lockfile.
    keep(join(project, '.yarn', 'install-state.gz'));
    for (const file of BESIDE) keep(child(project, file));
  }
  for (const file of ownCode().files) keep(file);
  for (const path of watched) keep(path);
  // A scope directory changes when a package is added to an existing scope, and nothing else
  // does, but a state file is rewritten by the same install: scopes are stamped one by one only
  // where no package manager keeps one (bun, a hand-made tree), so that the stamps stay as few
  // as the lookup directories.
  for (const scope of scopes) if (!managed.has(dirname(scope))) keep(scope);
  for (const stamp of kept.values()) if (racy(stamp, scanStart)) return;
  writeIndex(where.file, { format: FORMAT, key: where.key, builtAt: scanStart, stamps: [...kept], events });
}

/**
 * The package.json fields discovery and resolution read (the `FoundPackage.manifest` contract:
 * `entryPoints`, `exports`, `main`, `name`); version and type for good measure. The rest
 * (descriptions, scripts, dependency lists, inlined READMEs) is most of a manifest's bytes, and
 * the index is parsed on every warm discovery.
 */
const KEPT_FIELDS = ['name', 'version', 'type', 'main', 'exports', 'entryPoints'];
function trimmed(manifest: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) if (field in manifest) kept[field] = manifest[field];
  return kept;
}

/** The index event of `pkg`, or `undefined` if it cannot be expanded back (a lookup dir not in the key). */
function compact(pkg: FoundPackage, lookups: readonly LookupDir[]): PackageEvent | ReadEvent | undefined {
  const at = lookups.findIndex((l) => l.dir === pkg.lookupDir && l.origin === pkg.origin);
  // Only what expand() rebuilds exactly is cached; anything else keeps the index from being written.
  if (at === -1 || pkg.name !== pkg.manifest.name || pkg.manifestPath !== child(pkg.dir, 'package.json'))
    return undefined;
  const dir = pkg.dir === child(pkg.lookupDir, pkg.installedAs) ? 0 : pkg.dir;
  const manifest = trimmed(pkg.manifest);
  if (!writesBack(manifest)) return ['r', at, pkg.installedAs, dir, pkg.linked ? 1 : 0];
  return ['p', at, pkg.installedAs, dir, pkg.linked ? 1 : 0, manifest];
}

/** Whether JSON.stringify writes `root` back exactly: no number that is infinite, NaN or -0. */
function writesBack(root: Record<string, unknown>): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop() as Record<string, unknown>;
    for (const key in value) {
      const child = value[key];
      if (typeof child === 'number') {
        if (!Number.isFinite(child) || Object.is(child, -0)) return false;
      } else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return true;
}

/** The package a `ReadEvent` stands for, its package.json read again; `undefined` if it fails. */
function reread(event: ReadEvent, lookups: readonly LookupDir[]): FoundPackage | undefined {
  const lookup = lookups[event[1]]!;
  const installedAs = event[2];
  const dir = event[3] === 0 ? child(lookup.dir, installedAs) : event[3];
  const manifestPath = child(dir, 'package.json');
  const text = readManifestText(manifestPath, true);
  if (typeof text !== 'string') return undefined;
  let failed = false;
  const manifest = parseManifest(text, installedAs, manifestPath, () => {
    failed = true;
  });
  if (manifest === undefined || failed) return undefined;
  return foundPackage(manifest, {
    installedAs,
    dir,
    origin: lookup.origin,
    lookupDir: lookup.dir,
    linked: event[4] === 1,
  });
}

/** The `FoundPackage` an index event stands for: what the finder yielded, with a trimmed manifest. */
function expand(event: PackageEvent, lookups: readonly LookupDir[]): FoundPackage {
  const lookup = lookups[event[1]]!;
  const installedAs = event[2];
  return foundPackage(event[5], {
    installedAs,
    dir: event[3] === 0 ? child(lookup.dir, installedAs) : event[3],
    origin: lookup.origin,
    lookupDir: lookup.dir,
    linked: event[4] === 1,
  });
}

/** The node_modules finder behind the index cache: the default finder of `entryPoints()`. */
export const cachedNodeModulesFinder: Finder = cached(nodeModulesFinder);

/**
 * A link is tracked one by one (its package.json stamped) unless it points into a package
 * manager's own store inside the same node_modules (`.pnpm/…`, bun's `.bun/…`): that content is
 * replaced, never edited, and the manager's state file records every change to it. Links to
 * workspaces, `file:` folders and `npm link` targets are source folders people edit in place. So
 * is a store entry made from a local folder (pnpm's `.pnpm/<name>@file+<path>`, an `injected`
 * workspace package or a `file:` directory): its files are hard links to the source files, and an
 * edit in place shows through them.
 */
function storeLink(path: string): boolean {
  let target: string;
  try {
    target = readlinkSync(path);
  } catch {
    return false;
  }
  const parent = dirname(path);
  const lookup = parent.slice(parent.lastIndexOf(sep) + 1).startsWith('@') ? dirname(parent) : parent;
  const real = resolve(parent, target);
  if (!real.startsWith(lookup + sep) || real.charCodeAt(lookup.length + 1) !== 46 /* '.' */) return false;
  // A tarball's entry (`…@file+…+x-1.0.0.tgz`) is unpacked from it, not linked to a source.
  const entry = real.slice(lookup.length + 1).split(sep)[1] ?? '';
  return !entry.includes('@file+') || /\.t(ar\.)?gz/.test(entry);
}

/** The stamp of `path` (see `Stamp`), taken once per discovery. */
function stampOf(path: string, stamps: Stamps): Stamp {
  let stamp = stamps.get(path);
  if (stamp !== undefined) return stamp;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    stamp = st ? `${st.isDirectory() ? 'd' : 'f'}${st.mtimeMs}/${st.ctimeMs}/${st.ino}/${st.size}/${st.dev}` : '-';
  } catch (error) {
    stamp = `!${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  stamps.set(path, stamp);
  return stamp;
}

function racy(stamp: Stamp, scanStart: number): boolean {
  if (stamp.charCodeAt(0) !== 100 /* d */ && stamp.charCodeAt(0) !== 102 /* f */) return false;
  const [mtime, ctime] = stamp.slice(1).split('/', 2).map(Number) as [number, number];
  const newest = Math.max(mtime, ctime);
  const window = mtime % 1000 === 0 && ctime % 1000 === 0 ? RACY_COARSE_MS : RACY_MS;
  return newest > scanStart - window;
}

/** The first stamped path that changed, or `undefined` when the index is still valid. */
function stale(index: IndexFile, stamps: Stamps): string | undefined {
  // Indexed loops, here and in readIndex: destructuring in a `for…of` runs the iterator protocol,
  // which costs many times more in code that runs once and is never optimised.
  const list = index.stamps;
  for (let i = 0; i < list.length; i++) {
    const path = list[i]![0];
    if (stampOf(path, stamps) !== list[i]![1]) return path;
  }
  return undefined;
}

/**
 * Make the cache directory. `created` means `.cache` itself was made, which changes the
 * node_modules it is in (a stamped path); making only `.cache/plugboard` changes nothing stamped.
 */
function ensureDir(dir: string): 'created' | 'exists' | 'failed' {
  try {
    // Not writable by others whatever the umask: readIndex refuses a cache directory that is.
    const first = mkdirSync(dir, { recursive: true, mode: 0o755 });
    return first === undefined || first === dir ? 'exists' : 'created';
  } catch {
    // Read-only node_modules (a global install, a read-only mount, another user's project): no cache.
    return 'failed';
  }
}

/** Why a cache directory is not trusted (see readIndex), or `undefined`. */
function unsafeCacheDir(dir: string): string | undefined {
  return whyUnsafe(dir);
}

/**
 * The index at `file`, if it can be trusted and is exactly what this build writes for `where`;
 * otherwise why not (`untrusted: …`) or `undefined` (missing, corrupt, foreign).
 *
 * The index must not be a way around the trust checks the finder applies to lookup directories
 * (fuzzer: an index another user rewrote was replayed by root, without the `unsafe-lookup-dir`
 * warning and with a package from outside every lookup directory). So it is read only when it and
 * its directory are owned by the current user or root and not writable by every user (`whyUnsafe`'s
 * rule), through the package.json reader's file rules (a regular file, at most 16 MiB: an index that
 * is a FIFO or a link to /dev/zero is refused), and only when it stamps this host's own lookup
 * directories first, so that an index copied in from another tree, its key rewritten, is refused.
 */
function readIndex(file: string, where: Location): IndexFile | string | undefined {
  const me = process.getuid?.();
  if (me !== undefined && where.dir !== undefined) {
    const why = unsafeCacheDir(where.dir);
    if (why !== undefined) return `untrusted: ${where.dir} ${why}`;
  }
  let distrust: string | undefined;
  const text = readManifestText(
    file,
    false,
    me === undefined ? undefined : (stat) => (distrust = whyStatUnsafe(stat, me)),
  );
  if (distrust !== undefined) return `untrusted: ${file} ${distrust}`;
  if (typeof text !== 'string') return undefined;
  const lookups = where.lookups;
  try {
    const index = JSON.parse(text) as IndexFile;
    // Anything that is not exactly what this build writes (truncated, garbage, another format,
    // another host's key after a hash collision) is ignored, and the index is rebuilt.
    if (
      index.format !== FORMAT ||
      index.key !== where.key ||
      !Array.isArray(index.stamps) ||
      !Array.isArray(index.events) ||
      index.stamps.length < lookups.length
    )
      return undefined;
    for (let i = 0; i < index.stamps.length; i++) {
      const entry = index.stamps[i];
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return undefined;
      if (i < lookups.length && entry[0] !== lookups[i]!.dir) return undefined;
    }
    for (let i = 0; i < index.events.length; i++) if (!wellFormed(index.events[i], lookups.length)) return undefined;
    return index;
  } catch {
    return undefined;
  }
}

function wellFormed(event: unknown, lookups: number): boolean {
  if (!Array.isArray(event)) return false;
  if (event[0] === 'd') {
    const d = event[1] as Record<string, unknown> | null;
    return (
      event.length === 2 &&
      typeof d === 'object' &&
      d !== null &&
      typeof d.code === 'string' &&
      typeof d.message === 'string' &&
      typeof d.path === 'string'
    );
  }
  const at = event[1];
  const dir = event[3];
  const linked = event[4];
  const manifest = event[5];
  if (event[0] === 'r')
    return (
      event.length === 5 &&
      Number.isInteger(at) &&
      (at as number) >= 0 &&
      (at as number) < lookups &&
      typeof event[2] === 'string' &&
      (dir === 0 || typeof dir === 'string') &&
      (linked === 0 || linked === 1)
    );
  return (
    event[0] === 'p' &&
    event.length === 6 &&
    Number.isInteger(at) &&
    (at as number) >= 0 &&
    (at as number) < lookups &&
    typeof event[2] === 'string' &&
    (dir === 0 || typeof dir === 'string') &&
    (linked === 0 || linked === 1) &&
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof (manifest as Record<string, unknown>).name === 'string'
  );
}

/** Writes atomically: a reader sees the old index or the new one, never half of one. */
function writeIndex(file: string, index: IndexFile): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // 0o644 whatever the umask: readIndex refuses an index every user can write to.
    writeFileSync(temp, JSON.stringify(index), { mode: 0o644 });
    renameSync(temp, file);
  } catch {
    // Full disk, a read-only mount, a permission: discovery already succeeded, so say nothing.
    try {
      unlinkSync(temp);
    } catch {}
  }
}

function hash(text: string): string {
  // FNV-1a: enough to spread keys over file names; the key itself is compared after reading.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What `cacheStatus()` reports. */
export interface CacheStatus {
  /**
   * `fresh`: the next discovery replays the index. `stale`: something changed, it will be rebuilt.
   * `missing`: none yet. `unreadable`: the file is corrupt, truncated or from another version.
   * `disabled`: `PLUGBOARD_NO_CACHE` or `cache: false`. `unavailable`: no writable node_modules to
   * keep it in (discovery then runs uncached).
   */
  readonly state: 'fresh' | 'stale' | 'missing' | 'unreadable' | 'disabled' | 'unavailable';
  /** The cache directory, when there is a node_modules to keep it in. */
  readonly dir: string | undefined;
  /** The index file for this host. */
  readonly file: string | undefined;
  /** For `stale`: the first path whose stamp changed. */
  readonly changed?: string;
  /** When the index was built (ms since the epoch). */
  readonly builtAt?: number;
  /** How many packages with entry points it holds. */
  readonly packages?: number;
  /** How many paths a warm discovery stats to validate it. */
  readonly stamps?: number;
  /** The size of the index file in bytes. */
  readonly bytes?: number;
  /**
   * For `unreadable`, when the index was refused rather than broken: `untrusted: <path> is owned by
   * another user (uid 1000)` (docs/cache.md, "Who may write the index").
   */
  readonly reason?: string;
}

/** Options of `cacheStatus()` and `clearCache()`: the same as `entryPoints()`'s lookup options. */
export interface CacheOptions {
  /** @default process.cwd() */
  readonly cwd?: string;
  readonly paths?: readonly string[];
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `false` reports `disabled`, as `entryPoints({ cache: false })` would use none. */
  readonly cache?: boolean;
}

/**
 * Whether the next `entryPoints()` from `options.cwd` would use its index, and why not.
 *
 * @example
 * ```ts
 * cacheStatus({ cwd: '/my/app' }).state; // 'fresh'
 * ```
 */
export function cacheStatus(options: CacheOptions = {}): CacheStatus {
  const context = contextOf(options);
  const stamps: Stamps = new Map();
  const where = locate(context, stamps);
  const base = { dir: where.dir, file: where.file };
  if (disabled(context)) return { state: 'disabled', ...base };
  if (where.file === undefined || where.dir === undefined) return { state: 'unavailable', ...base };
  let bytes: number | undefined;
  try {
    bytes = statSync(where.file, { throwIfNoEntry: false })?.size;
  } catch {
    // node_modules itself cannot be searched (EACCES): neither readable nor writable here.
    return { state: 'unavailable', ...base };
  }
  if (bytes === undefined) return { state: writable(where.dir) ? 'missing' : 'unavailable', ...base };
  const index = readIndex(where.file, where);
  if (typeof index === 'string') return { state: 'unreadable', ...base, bytes, reason: index };
  if (!index) return { state: 'unreadable', ...base, bytes };
  const info = {
    builtAt: index.builtAt,
    packages: index.events.filter((e) => e[0] !== 'd').length,
    stamps: index.stamps.length,
    bytes,
  };
  const changed = stale(index, stamps);
  if (changed === undefined) return { state: 'fresh', ...base, ...info };
  // A stale index nobody here can replace (`chmod -R a-w node_modules` also changed what it
  // stamped): every discovery runs uncached until the directory is writable again.
  return { state: writable(where.dir) ? 'stale' : 'unavailable', ...base, changed, ...info };
}

/**
 * Removes the cache directory that `entryPoints()` from `options.cwd` uses (every index in it).
 * Discovery rebuilds what it needs on its next call.
 *
 * @returns the directory removed, or `undefined` when there was none.
 * @throws {CacheClearError} `cache-clear-failed` when it cannot be removed (permissions, a read-only mount).
 */
export function clearCache(options: CacheOptions = {}): string | undefined {
  const where = locate(contextOf(options), new Map());
  if (where.dir === undefined) return undefined;
  // Renamed out of the way first, then removed: other processes keep writing indexes into the
  // directory while it is being removed, and a recursive rm that lists it and then finds a new file
  // fails with ENOTEMPTY (fuzzer: 16 of 126 calls failed while other processes discovered). After
  // the rename no writer can reach the old directory by its path; one that already had its path
  // resolved may still add a file, which the retries absorb.
  const trash = `${where.dir}.${process.pid}.${Math.random().toString(36).slice(2)}.removing`;
  try {
    renameSync(where.dir, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CacheClearError(where.dir, error);
  }
  // Each attempt lists the directory again: Node's own `maxRetries` only retries the final rmdir,
  // which fails again for a file that arrived after the listing.
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(trash, { recursive: true, force: true });
      return where.dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || attempt === 10)
        throw new CacheClearError(trash, error);
    }
  }
}

/** Whether an index could be written in `dir`: it exists and is writable, or its nearest existing parent is. */
function writable(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    try {
      accessSync(at, constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) return false;
    }
  }
}

function contextOf(options: CacheOptions): Pick<FinderContext, 'cwd' | 'paths' | 'env' | 'cache'> {
  let cwd = resolve(options.cwd ?? process.cwd());
  try {
    // As entryPoints() does: Node resolves from real paths.
    cwd = realpathSync(cwd);
  } catch {}
  return { cwd, paths: options.paths ?? [], env: options.env ?? process.env, cache: options.cache };
}
