// Every hook error, produced the way a host meets it, in the house voice: lower-case, names quoted
// with single quotes, no trailing period, the subject first, advice after '; '.
import { describe, expect, it } from 'vitest';
import {
  createHooks,
  HookError,
  MonitorFailedWarning,
  OrderCycleError,
  PlugboardError,
  PlugboardWarning,
  UnknownHookError,
  wrap,
  wrapAsync,
} from '../../src/hooks/index.js';

interface H {
  build(n: number): number;
  resolve(id: string): string | undefined;
  init(): Promise<void>;
}
const spec = {
  build: { kind: 'series', required: true },
  resolve: { kind: 'first' },
  init: { kind: 'parallel' },
} as const;
const make = () => createHooks<H>()(spec);

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const loose = (hooks: ReturnType<typeof make>) => hooks.register as (impl: unknown, options?: unknown) => () => void;

/** [what, the error, the start its message must have]. */
function everyError(): [string, Error, string][] {
  const cases: [string, Error, string][] = [];
  const hooks = make();
  cases.push([
    'unknown hook, called',
    caught(() => (hooks.call as (name: string) => unknown)('buld')),
    "unknown hook 'buld': the hooks spec does not declare it; did you mean 'build'?",
  ]);
  cases.push([
    'unknown hook, implemented',
    caught(() => loose(hooks)({ resolv: () => 'x' }, { name: 'p' })),
    "plugin 'p' implements unknown hook 'resolv'; did you mean 'resolve'?",
  ]);
  cases.push([
    'unknown hook, nothing near',
    caught(() => loose(hooks)({ zzzzzz: () => 'x' }, { name: 'p' })),
    "plugin 'p' implements unknown hook 'zzzzzz'; declare it in the spec, or create the hooks with { allowExtra: true }",
  ]);
  cases.push([
    'not a function',
    caught(() => loose(hooks)({ build: 3 }, { name: 'p' })),
    "plugin 'p' sets hook 'build' to a number (3); a hook implementation must be a function",
  ]);
  cases.push([
    'invalid plugin',
    caught(() => loose(hooks)(null, { name: 'p' })),
    "plugin 'p' cannot be registered: it is null, not an object of hook implementations",
  ]);
  cases.push([
    'wrap on parallel',
    caught(() => loose(hooks)({ init: wrap((next) => next()) }, { name: 'w' })),
    "plugin 'w' cannot be registered: wrap() cannot wrap the parallel hook 'init'",
  ]);
  hooks.register({ build: (n) => n }, { name: 'a', before: ['b'] });
  cases.push([
    'duplicate name',
    caught(() => hooks.register({ build: (n) => n }, { name: 'a' })),
    "plugin 'a' is already registered; unregister it first or pick another name",
  ]);
  cases.push([
    'order cycle',
    caught(() => hooks.register({ build: (n) => n }, { name: 'b', before: ['a'] })),
    "plugin 'b' makes the before/after order of hook 'build' cyclic: b → a → b",
  ]);
  const promising = make();
  promising.register({ resolve: (async () => 'x') as never }, { name: 'async' });
  cases.push([
    'sync returned promise',
    caught(() => promising.call('resolve', 'x')),
    "plugin 'async' returned a promise from hook 'resolve' during a synchronous call(); use callAsync()",
  ]);
  const wrapped = make();
  wrapped.register({ build: wrapAsync(async (next) => next()) as never }, { name: 'aw' });
  cases.push([
    'async wrapper in call()',
    caught(() => wrapped.call('build', 1)),
    "plugin 'aw' wraps hook 'build' with an async wrapper",
  ]);
  cases.push([
    'parallel sync call',
    caught(() => (hooks.call as (name: string) => unknown)('init')),
    "hook 'init' is a parallel hook, which only runs asynchronously; use callAsync()",
  ]);
  cases.push([
    'required missing',
    make().check()[0]!,
    "hook 'build' is required, but no registered plugin implements it",
  ]);
  cases.push([
    'invalid spec',
    caught(() => createHooks<H>()({ ...spec, build: { kind: 'serial' } } as never)),
    "hook 'build' has an invalid spec: kind must be one of 'series', 'first', 'waterfall', 'parallel', 'parallel-first', not a string (serial)",
  ]);
  const failing = make();
  failing.register(
    {
      build: () => {
        throw new Error('boom');
      },
    },
    { name: 'f' },
  );
  cases.push([
    'call failed (collected)',
    failing.with({ errors: 'collect' }).call('build', 1).errors[0]!,
    "plugin 'f' failed in hook 'build': boom",
  ]);
  cases.push([
    'monitor failed',
    new MonitorFailedWarning({ plugin: 'p', hook: 'build', callback: 'after', cause: new Error('bug') }),
    "hooks monitor's after() failed while watching plugin 'p' in hook 'build': bug; the call went on unaffected",
  ]);
  return cases;
}

describe('hook errors', () => {
  for (const [what, error, start] of everyError()) {
    it(`are in the house voice: ${what}`, () => {
      expect(error.message.startsWith(start), error.message).toBe(true);
      expect(error.message).toMatch(/^[a-z]/);
      expect(error.message).not.toMatch(/\.$/);
      expect(error.message).not.toContain('"');
    });
  }

  it('take one details object and keep its fields', () => {
    const unknown = new UnknownHookError({ hook: 'x', plugin: 'p', suggestion: 'y' });
    expect(unknown).toMatchObject({ code: 'unknown-hook', hook: 'x', plugin: 'p', suggestion: 'y' });
    expect(unknown).toBeInstanceOf(HookError);
    expect(unknown).toBeInstanceOf(PlugboardError);
    const cycle = new OrderCycleError({ plugin: 'a', hook: 'h', cycle: ['a', 'b', 'a'] });
    expect(cycle.cycle).toEqual(['a', 'b', 'a']);
  });

  it('make MonitorFailedWarning a PlugboardWarning, not a HookError', () => {
    const warning = new MonitorFailedWarning({ plugin: 'p', hook: 'h', callback: 'before', cause: 1 });
    expect(warning).toBeInstanceOf(PlugboardWarning);
    expect(warning).not.toBeInstanceOf(HookError);
    expect(warning).not.toBeInstanceOf(PlugboardError);
    expect(warning).toMatchObject({ code: 'PLUGBOARD_MONITOR_FAILED', plugin: 'p', hook: 'h', callback: 'before' });
  });
});
