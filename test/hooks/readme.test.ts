/**
 * The README's "Typed hooks" section is a test: its plugin package is installed from a tarball into
 * a host with plugboard's packed tarball, the TypeScript host is type-checked with tsc against the
 * published .d.ts files, run with node, and must print exactly the README's output block.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { installHost, repoRoot, tempDir, writePackage } from '../support/fixtures.js';
import { readmeBlocks } from '../support/readme.js';

test('the README host with a typed hook spec and plugins from entryPoints runs as documented', () => {
  const [manifest, pluginModule, hostCode, output] = readmeBlocks('Typed hooks');
  const pkg = JSON.parse(manifest!.code) as { name: string };
  const plugin = writePackage(tempDir('readme-hooks'), {
    ...pkg,
    manifest: pkg,
    files: { 'index.js': pluginModule!.code },
  });
  const host = installHost({
    name: 'my-app',
    plugboard: true,
    install: [{ tarball: plugin }],
    files: {
      'host.ts': hostCode!.code,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          skipLibCheck: true,
          types: [],
          outDir: 'out',
        },
        files: ['host.ts'],
      }),
    },
  });
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', host], { encoding: 'utf8' });
  const printed = execFileSync(process.execPath, [join(host, 'out/host.js')], { cwd: host, encoding: 'utf8' });
  expect(printed).toBe(output!.code);
});
