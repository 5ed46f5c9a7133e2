// The three ways a hook call can run, for tests that must pass on each: generated callers (the
// fast path), the closure fallback (no `new Function`, as under a strict CSP), and the general
// path (taken while a monitor is subscribed).
import { afterEach, beforeEach } from 'vitest';
import { setCodegen } from '../../src/hooks/compile.js';

export const callPaths = ['generated', 'closures', 'general'] as const;
export type CallPath = (typeof callPaths)[number];

/**
 * Call inside a `describe` for `path`: switches code generation for its tests, and returns a
 * function that puts a new hooks object on that path.
 */
export function onPath(path: CallPath): <T extends { monitor(monitor: object): unknown }>(hooks: T) => T {
  beforeEach(() => setCodegen(path === 'closures' ? false : undefined));
  afterEach(() => setCodegen(undefined));
  return (hooks) => {
    if (path === 'general') hooks.monitor({});
    return hooks;
  };
}
