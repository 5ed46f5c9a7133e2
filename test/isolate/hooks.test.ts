/**
 * An isolated plugin registered into `createHooks` (plugboard/hooks, unchanged): its functions return
 * promises, so `callAsync` works; a synchronous `call()` that reaches it is the hooks' own coded
 * `sync-returned-promise`, naming the plugin.
 */
import { beforeAll, expect, test } from 'vitest';
import { createHooks } from '../../src/hooks/index.js';
import { defineGroup } from '../../src/index.js';
import { installHost, packMany, tempDir, writePackage } from '../support/fixtures.js';

interface BuildHooks {
  transform(code: string): string;
  names(): string;
}

let host: string;
beforeAll(() => {
  const src = tempDir('isolate-hooks-src');
  const plugin = writePackage(src, {
    name: 'upper-plugin',
    type: 'module',
    entryPoints: { 'app.build': { upper: './index.js' } },
    files: { 'index.js': "export default { transform: (code) => code.toUpperCase(), names: () => 'upper' };\n" },
  });
  host = installHost({ name: 'hooks-host', install: packMany([plugin]).map((tarball) => ({ tarball })) });
});

test.each(['worker', 'process'] as const)(
  '%s mode: callAsync reaches the isolate; call() is a coded error naming the plugin',
  async (mode) => {
    const group = defineGroup<BuildHooks>('app.build', { cwd: host, isolate: mode });
    const hooks = createHooks<BuildHooks>()({ transform: { kind: 'waterfall' }, names: { kind: 'series' } });
    try {
      const { plugins, errors } = await group.loadAll();
      expect(errors).toEqual([]);
      // The proxy's functions return promises, which the hooks' types see as well.
      hooks.registerAll(plugins as never);
      hooks.register({ transform: (code: string) => `${code}!` }, { name: 'in-process' });
      expect(await hooks.callAsync('transform', 'abc')).toBe('ABC!');
      expect(await hooks.callAsync('names')).toEqual(['upper']);
      expect(() => hooks.call('names')).toThrow(expect.objectContaining({ code: 'sync-returned-promise' }));
      expect(() => hooks.call('names')).toThrow(/plugin 'upper' returned a promise from hook 'names'/);
    } finally {
      await group.dispose();
    }
  },
);
