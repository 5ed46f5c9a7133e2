/**
 * One running isolate, as the supervisor drives it: a worker thread or a child process behind the
 * same small interface (send, ref/unref, end, and one report when it is gone).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { HostMessage, IsolateMessage } from './protocol.js';

/** How an isolate ended. */
export interface Exit {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  /** The uncaught error a worker reported, if any. */
  readonly error: unknown;
  /** It ran past its heap limit. */
  readonly outOfMemory: boolean;
}

export interface Channel {
  /** Throws synchronously when structured clone cannot copy the message. */
  send(message: HostMessage): void;
  /** Keeps the host's event loop alive while calls are pending, and only then. */
  ref(): void;
  unref(): void;
  /** Ends the isolate now (a synchronous loop included); `onExit` still reports it. */
  end(): void;
  /** The thread id or process id. */
  readonly id: number | undefined;
}

export interface ChannelEvents {
  onMessage(message: IsolateMessage): void;
  onExit(exit: Exit): void;
}

export function openWorker(runner: URL, maxMemoryMb: number, events: ChannelEvents): Channel {
  const worker = new Worker(runner, {
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
    // The host's flags (a loader, --inspect) are not the plugin's.
    execArgv: [],
  });
  let error: unknown;
  worker.on('message', events.onMessage);
  worker.on('error', (e) => {
    error = e;
  });
  worker.on('exit', (exitCode) =>
    events.onExit({
      exitCode,
      signal: undefined,
      error,
      outOfMemory: (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY',
    }),
  );
  worker.unref();
  return {
    send: (message) => worker.postMessage(message),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    end: () => void worker.terminate(),
    id: worker.threadId,
  };
}

/**
 * A POSIX sh between the host and the plugin's node, so that the plugin's process never outlives the
 * host: sh holds the read end of a pipe only the host writes to, and when the host goes (killed with
 * SIGKILL included) the pipe reaches end-of-file and sh kills node with SIGKILL. The plugin's own
 * thread could not notice in time: a plugin stuck in `while (true) {}` never reads its IPC channel.
 * Node inherits the IPC channel (fd 3, NODE_CHANNEL_FD) directly, so calls do not pass through sh.
 */
const SUPERVISE = [
  'exec 4<&0 </dev/null',
  '"$@" 4<&- &',
  'p=$!',
  'exec 3<&-',
  '{ read -r _ <&4; kill -9 "$p"; } 2>/dev/null &',
  'r=$!',
  'exec 4<&-',
  // Silent: a shell may report the job it waits for as "Killed".
  'wait "$p" 2>/dev/null',
  's=$?',
  'kill "$r" 2>/dev/null',
  'exit "$s"',
].join('\n');

export function openProcess(runner: string, nodeArgs: readonly string[], events: ChannelEvents): Channel {
  const posix = process.platform !== 'win32';
  const command = posix ? '/bin/sh' : process.execPath;
  const args = posix
    ? ['-c', SUPERVISE, 'plugboard-isolate', process.execPath, ...nodeArgs, runner]
    : [...nodeArgs, runner];
  const child = spawn(command, args, {
    stdio: ['pipe', 'inherit', 'pipe', 'ipc'],
    // V8's serializer: structured clone, as a worker's messages are.
    serialization: 'advanced',
    // Its own process group: the terminal's Ctrl-C goes to the host, which ends its isolates, and a
    // plugin's process.kill(0) reaches only its own group, not the host.
    detached: posix,
    windowsHide: true,
  });
  // The plugin's stderr reaches the host's, and says whether V8 ran out of heap. The native stack
  // trace Node prints after that line can be long (Node 22), so the line is looked for as it
  // arrives, across chunk boundaries.
  let tail = '';
  let outOfMemory = false;
  const stderr = child.stderr as Readable & { unref?: () => void; ref?: () => void };
  stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    const text = tail + chunk.toString('utf8');
    outOfMemory ||= /heap out of memory|Reached heap limit/.test(text);
    tail = text.slice(-64);
  });
  const stdin = child.stdin as Writable & { unref?: () => void; ref?: () => void };
  stdin.on('error', () => {
    // The supervisor is already gone: nothing left to end.
  });
  child.on('message', events.onMessage as (message: unknown) => void);
  child.on('error', (error) => events.onExit({ exitCode: undefined, signal: undefined, error, outOfMemory: false }));
  child.on('close', (code, signal) => {
    // sh reports a node killed by a signal as 128 + its number.
    let sig: string | undefined = signal ?? undefined;
    let exitCode: number | undefined = code ?? undefined;
    if (posix && code !== null && code > 128) {
      sig = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0];
      if (sig) exitCode = undefined;
    }
    events.onExit({
      exitCode,
      signal: sig,
      error: undefined,
      outOfMemory,
    });
  });
  const unref = () => {
    child.unref();
    child.channel?.unref();
    stdin.unref?.();
    stderr.unref?.();
  };
  unref();
  return {
    send: (message) => {
      child.send(message);
    },
    ref: () => {
      child.ref();
      child.channel?.ref();
      stdin.ref?.();
      stderr.ref?.();
    },
    unref,
    end: () => {
      if (posix) stdin.end();
      else child.kill('SIGKILL');
    },
    get id() {
      return child.pid;
    },
  };
}
