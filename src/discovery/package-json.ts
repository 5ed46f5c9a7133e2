/**
 * The one package.json reader. Discovery, the host lookup, the tools and the group policies all read
 * package.json files through it, so the rules below hold everywhere and cannot drift apart:
 *
 * - only a regular file is read. A package.json that is a FIFO is opened without blocking (an open
 *   for reading blocks until a writer appears) and refused; one that is a device (a symlink to
 *   `/dev/zero`, which never ends: readFileSync grew its buffer until the process aborted with
 *   `std::bad_alloc`) is refused;
 * - at most `MAX_BYTES` (16 MiB) are read. The largest package.json files in the wild inline a
 *   README and stay well under 1 MiB; a bigger one is a mistake or an attack, not a manifest;
 * - a leading byte order mark is dropped (Node accepts one; editors on Windows write one);
 * - the text must be JSON, and an object;
 * - it must nest at most `MAX_DEPTH` (512) levels of objects and arrays. V8's `JSON.stringify` and
 *   any recursive walk (the deep freeze of `meta`) overflow the stack a few thousand levels down
 *   (the fuzzer's `meta` of 6,000 levels threw RangeError from `entryPoints()`; 2,500 levels made
 *   the index's `JSON.stringify` fail). No real manifest comes near 512.
 *
 * Anything else is a coded failure, never a throw.
 */
import { join } from 'node:path';
// Built-ins come from process.getBuiltinModule(), not `import … from 'node:fs'`: see docs/performance.md.
const { closeSync, constants, fstatSync, openSync, readSync } = process.getBuiltinModule('node:fs');

/** What `vet` reads of an fstat: declared here so the .d.ts needs no Node types (bundled apps). */
export interface FileStat {
  readonly uid: number;
  readonly mode: number;
  readonly size: number;
  isFile(): boolean;
}

/** The largest package.json read, in bytes. */
export const MAX_BYTES: number = 16 * 1024 * 1024;
/** The deepest nesting of objects and arrays accepted in a package.json. */
export const MAX_DEPTH = 512;

/** A package.json that was read. */
export interface PackageJson {
  /** The parsed object. */
  readonly manifest: Record<string, unknown>;
  /** The file it was read from. */
  readonly path: string;
  /** Its text, without a byte order mark. */
  readonly text: string;
}

/**
 * Why a package.json could not be read. `missing`: there is none (ENOENT, ENOTDIR); `unreadable`:
 * it exists but is not a regular file, is too large, or the system refused it; `malformed-manifest`:
 * it is not JSON, not an object, or nested too deep.
 */
export interface PackageJsonFailure {
  readonly code: 'missing' | 'unreadable' | 'malformed-manifest';
  /** Starts with the path: `/x/package.json is not a regular file (a FIFO)`. */
  readonly message: string;
  readonly path: string;
  /** The system error code, for `missing` and system failures (`EACCES`, `ENOENT`, …). */
  readonly errno?: string;
}

/**
 * Reads `<dir>/package.json` under the rules above.
 *
 * @param dir the package folder.
 * @returns the manifest and its path, or a coded failure.
 * @example
 * ```ts
 * const read = readPackageJson('/my/app');
 * if ('manifest' in read) console.log(read.manifest.name);
 * else console.error(read.code, read.message);
 * ```
 */
export function readPackageJson(dir: string): PackageJson | PackageJsonFailure {
  return readPackageJsonFile(join(dir, 'package.json'));
}

/** `readPackageJson` for a file path (the file need not be named package.json). */
export function readPackageJsonFile(path: string): PackageJson | PackageJsonFailure {
  const text = readManifestText(path);
  if (typeof text !== 'string') return text ?? { code: 'missing', message: `${path} does not exist`, path };
  return parsePackageJson(text, path);
}

/**
 * The text of a package.json without a leading byte order mark, which Node accepts there (editors
 * on Windows write one) and `JSON.parse` does not.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// Allocated on first use, not at import: a warm discovery never reads a package.json.
let chunk: Buffer | undefined;
let NEEDLE: Buffer | undefined;
const MENTION = '"entryPoints"';

/**
 * The text of the package.json at `path`, under the file rules above (regular file, size cap, no
 * BOM). With `candidates`, `null` when the text does not contain `"entryPoints"`: the node_modules finder reads
 * every package.json and parses only those that mention "entryPoints", so the common case is one
 * open and one read into a shared buffer, without the fstat and the full decoding of readFileSync
 * (most of the cost of a cold scan). The file is fstat'ed only when it might not be a regular file
 * (it read empty: a FIFO without a writer, /dev/null; or it filled the buffer: /dev/zero, a big
 * file) or when it is going to be parsed. `undefined`: there is no such file.
 */
export function readManifestText(
  path: string,
  candidates = false,
  vet?: (stat: FileStat) => string | undefined,
): string | null | undefined | PackageJsonFailure {
  chunk ??= Buffer.allocUnsafe(64 * 1024);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return systemFailure(path, error);
  }
  try {
    let length = 0;
    while (length < chunk.length) {
      const want = chunk.length - length;
      const n = readSync(fd, chunk, length, want, length);
      length += n;
      // A regular file reads short only at its end (libuv retries EINTR), so a short read is the
      // end: not asking again saves a system call per package.json, and 2% of a cold scan.
      if (n < want) break;
    }
    const whole = length < chunk.length;
    if (candidates && whole && length > 0) {
      NEEDLE ??= Buffer.from(MENTION);
      if (chunk.subarray(0, length).indexOf(NEEDLE) === -1) return null;
    }
    const stat = fstatSync(fd);
    if (!stat.isFile()) return notRegular(path, stat);
    const refused = vet?.(stat);
    if (refused !== undefined) return { code: 'unreadable', message: `${path} ${refused}`, path };
    if (stat.size > MAX_BYTES)
      return {
        code: 'unreadable',
        message: `${path} is ${stat.size} bytes, more than the ${MAX_BYTES} a package.json may have`,
        path,
      };
    let text: string;
    if (whole) text = chunk.toString('utf8', 0, length);
    else {
      // Over 64 KB is rare (some packages inline their whole README): read the rest, up to the cap
      // (the file may have grown since the fstat).
      const big = Buffer.allocUnsafe(Math.min(stat.size + 1, MAX_BYTES + 1));
      chunk.copy(big, 0, 0, length);
      while (length < big.length) {
        const n = readSync(fd, big, length, big.length - length, length);
        if (n === 0) break;
        length += n;
      }
      if (length > MAX_BYTES)
        return {
          code: 'unreadable',
          message: `${path} grew past the ${MAX_BYTES} bytes a package.json may have`,
          path,
        };
      text = big.toString('utf8', 0, length);
    }
    if (candidates && !text.includes(MENTION)) return null;
    return withoutBom(text);
  } catch (error) {
    // A positional read of a FIFO fails (ESPIPE), as does any read of a directory (EISDIR): say what it is.
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return notRegular(path, stat);
    } catch {}
    return systemFailure(path, error);
  } finally {
    closeSync(fd);
  }
}

/** Parses package.json text read by `readManifestText`: JSON, an object, at most `MAX_DEPTH` deep. */
export function parsePackageJson(text: string, path: string): PackageJson | PackageJsonFailure {
  let value: unknown;
  text = withoutBom(text);
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { code: 'malformed-manifest', message: `${path} is not valid JSON (${(error as Error).message})`, path };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { code: 'malformed-manifest', message: `${path} is not a JSON object`, path };
  if (tooDeep(value))
    return {
      code: 'malformed-manifest',
      message: `${path} nests objects and arrays more than ${MAX_DEPTH} levels deep`,
      path,
    };
  return { manifest: value as Record<string, unknown>, path, text };
}

/** Whether `root` nests deeper than MAX_DEPTH, found without recursion (which is what overflows). */
function tooDeep(root: object): boolean {
  const stack: unknown[] = [root];
  const depths: number[] = [1];
  while (stack.length) {
    const value = stack.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > MAX_DEPTH) return true;
    for (const key in value) {
      const child = value[key];
      if (child !== null && typeof child === 'object') {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

function systemFailure(path: string, error: unknown): PackageJsonFailure | undefined {
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno === 'ENOENT' || errno === 'ENOTDIR') return undefined;
  return {
    code: 'unreadable',
    message: `${path} cannot be read (${errno ?? (error as Error).message})`,
    path,
    ...(errno ? { errno } : {}),
  };
}

function notRegular(path: string, stat: Parameters<typeof fileKind>[0]): PackageJsonFailure {
  return { code: 'unreadable', message: `${path} is not a regular file (${fileKind(stat)})`, path };
}

function fileKind(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return stat.isSocket() ? 'a socket' : 'not a file';
}
