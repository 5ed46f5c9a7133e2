/**
 * The house voice for group, CLI and scaffold errors: one details object per constructor; messages
 * lower-case, names in single quotes, no trailing period, advice after '; '.
 */
import { expect, expectTypeOf, test } from 'vitest';
import { CliUsageError } from '../../src/cli/errors.js';
import type { ErrorCode } from '../../src/core/index.js';
import { PlugboardError } from '../../src/core/index.js';
import { EntryPoint } from '../../src/entry-points/index.js';
import {
  BlockedError,
  ConflictError,
  ContractFailedError,
  IncompatibleError,
  InvokeFailedError,
  LoadTimeoutError,
  UntrustedError,
} from '../../src/group/index.js';
import { ScaffoldError } from '../../src/tools/index.js';

const entry = (pkg: string) => {
  const ep = EntryPoint.parse({
    group: 'app.plugins',
    name: 'fmt',
    value: './index.js',
    package: { name: pkg, version: '1.0.0', dir: `/pkgs/${pkg}` },
  });
  if (typeof ep === 'string') throw new Error(ep);
  return ep;
};
const ep = entry('fmt-one');
const other = entry('fmt-two');

const errors = [
  new ContractFailedError({
    entryPoint: ep,
    path: '/pkgs/fmt-one/index.js',
    issues: [{ message: 'expected a function' }],
  }),
  new IncompatibleError({ entryPoint: ep, host: { name: 'app', version: '1.4.0' }, range: '^2.0.0' }),
  new BlockedError({ entryPoint: ep, detail: "the group's block list names the package 'fmt-one'" }),
  new UntrustedError({ entryPoint: ep, detail: "trust is 'dependencies', but no host package.json was found" }),
  new LoadTimeoutError({ entryPoint: ep, timeout: 50 }),
  new ConflictError({ entryPoint: ep, candidates: [ep, other] }),
  new InvokeFailedError({ entryPoint: ep, cause: new Error('boom') }),
];

test('group errors take one details object and speak in the house voice', () => {
  for (const error of errors) {
    expect(error).toBeInstanceOf(PlugboardError);
    expect(error.entryPoint).toBe(ep);
    expect(error.message).toMatch(
      /^entry point 'fmt' in group 'app.plugins' of fmt-one \(\/pkgs\/fmt-one\/package.json\): [a-z']/,
    );
    expect(error.message).not.toMatch(/\.$/);
    // One sentence: advice follows '; ', never a new sentence after a period.
    expect(error.message.replace(/\d\.\d|\.json|\.js|app\.plugins/g, '')).not.toMatch(/\. /);
  }
  expect(errors[1]!.message).toContain(
    "'fmt-one@1.0.0' requires 'app@^2.0.0' (peerDependencies), but the host is 'app@1.4.0'; upgrade the plugin, or the host",
  );
  expect(errors[5]!.message).toContain(
    "'fmt' is also declared by 'fmt-two@1.0.0' (/pkgs/fmt-two), and the group's conflicts policy is 'error', so none is loaded; block one, or choose conflicts 'first', 'last' or 'all'",
  );
  expect((errors[6] as InvokeFailedError).cause).toBeInstanceOf(Error);
});

test("the CLI's usage error carries its own code, not one of the library's", () => {
  const error = new CliUsageError({ message: 'missing --group <group>', option: '--group' });
  expect(error).not.toBeInstanceOf(PlugboardError);
  expect(error).toMatchObject({ code: 'usage', option: '--group', message: 'missing --group <group>' });
  expectTypeOf<'usage'>().not.toExtend<ErrorCode>();
  // The scaffold's code stays: its class is public, from 'plugboard/tools'.
  expectTypeOf<'scaffold-failed'>().toExtend<ErrorCode>();
  const scaffold = new ScaffoldError({ message: '/x is not empty (it has a); scaffold into a new folder', path: '/x' });
  expect(scaffold).toMatchObject({ code: 'scaffold-failed', path: '/x' });
});
