/**
 * The README's "Typed groups" section is a test: its plugin package.json, plugin module and
 * TypeScript host are written into a real host (plugboard installed from its packed tarball, zod
 * beside it), type-checked with tsc against the published .d.ts files, run with node, and the output
 * must be exactly the README's output block.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { installHost, repoRoot, tempDir, writePackage } from '../support/fixtures.js';

/** The fenced blocks of one README section, in order. */
function readmeBlocks(heading: string): { lang: string; code: string }[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`README.md has no '## ${heading}' section`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

test('the README typed-groups example type-checks, runs, and prints what the README says', () => {
  const blocks = readmeBlocks('Typed groups');
  expect(blocks.map((b) => b.lang)).toEqual(['json', 'js', 'ts', '']);
  const [manifest, pluginModule, hostCode, output] = blocks as [typeof blocks[0], typeof blocks[0], typeof blocks[0], typeof blocks[0]];

  const src = tempDir('readme-src');
  const pkg = JSON.parse(manifest.code) as { name: string; entryPoints: Record<string, Record<string, string>> };
  const good = writePackage(src, { ...pkg, manifest: pkg, files: { 'index.js': pluginModule.code } });
  // A second plugin of the same group whose export breaks the contract.
  const [group] = Object.keys(pkg.entryPoints);
  const broken = writePackage(src, {
    ...pkg,
    name: 'broken-formatter',
    manifest: { ...pkg, name: 'broken-formatter', entryPoints: { [group!]: { broken: '.' } } },
    files: { 'index.js': "export default { extensions: ['.x'] };\n" },
  });
  const host = installHost({
    name: 'my-app',
    plugboard: true,
    install: [{ tarball: good }, { tarball: broken }, { link: join(repoRoot, 'node_modules', 'zod') }],
    files: {
      'host.ts': hostCode.code,
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, skipLibCheck: true, types: [], outDir: 'out' },
        files: ['host.ts'],
      }),
    },
  });
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', host], { cwd: host, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the README host does not type-check against the packed plugboard:\n${(error as { stdout: string }).stdout}`);
  }
  const printed = execFileSync(process.execPath, [join(host, 'out', 'host.js')], { cwd: host, encoding: 'utf8' });
  expect(printed).toBe(output.code);
});
