import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, tempDir } from '../support/fixtures.js';
import { cli } from './run.js';

describe('plugboard (the runner)', () => {
  test('--help lists every command', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "plugboard — entry points for TypeScript and Node.js

      Usage: plugboard <command> [options]

      Commands:
        list    list entry points, of every group or of one
        groups  list each group with its number of entries
        show    show one entry point: value, module file, meta, package, provenance
        doctor  explain what discovery skipped, and why a package was or was not found
        check   check a plugin package's own entryPoints before publishing
        new     scaffold a TypeScript plugin package
        cache   show or clear the discovery index cache

      Every command takes --help, --json and --cwd <dir>. plugboard --version (-v) prints the version.
      Exit codes: 0 all is well, 1 problems were found, 2 usage error.
      Colour: set NO_COLOR to disable, FORCE_COLOR to force.
      "
    `);
  });

  test('no command is a usage error: help on stderr, exit 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: plugboard <command>');
  });

  test('an unknown command exits 2 and suggests the nearest', async () => {
    const r = await cli(['lst']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "plugboard: unknown command 'lst': did you mean 'list'?
      Run 'plugboard --help' for usage.
      "
    `);
  });

  test('an unknown option exits 2', async () => {
    const r = await cli(['list', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "plugboard: unknown option '--frobnicate'
      Run 'plugboard list --help' for usage.
      "
    `);
  });

  test('a missing argument exits 2', async () => {
    const r = await cli(['show', 'my-plugins']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "plugboard: missing argument: expected <group> <name>
      Run 'plugboard show --help' for usage.
      "
    `);
  });

  test('a string option without its value exits 2', async () => {
    const r = await cli(['list', '--cwd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--cwd <value>' argument missing");
  });

  test('<command> --help and help <command> print the same help', async () => {
    const a = await cli(['list', '--help']);
    const b = await cli(['help', 'list']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatchInlineSnapshot(`
      "Usage: plugboard list [group] [options]

      list entry points, of every group or of one

      Exits 1 when a named group has no entry points, or when discovery dropped a declaration (see doctor). With --host and a group, lists what that host loads: the group after the host's policies (its peerDependencies range, trust: 'dependencies'); what it refuses counts as dropped.

      Options:
        --tree            show group → name → package as a tree
        --markdown        print a Markdown table, for documentation
        --host <package>  see what this host sees when run here: a CLI that reads its groups with from: import.meta.url (its package name, or its folder); its policies apply
        --path <dir>      also look for packages in <dir> (repeatable), after PLUGBOARD_PATH
        --json            print machine-readable JSON on stdout
        --cwd <dir>       run as if started in <dir> (default: the current directory)
        -h, --help        show this help

      Examples:
        plugboard list
        plugboard list my-plugins --tree
        plugboard list --json
        plugboard list mdgen.transformers --host mdgen
      "
    `);
  });

  test('--version prints the package version; with --json, as JSON', async () => {
    const r = await cli(['--version']);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const json = await cli(['--version', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ name: 'plugboard', version: r.stdout.trim() });
    expect((await cli(['--json', '--version'])).stdout).toBe(json.stdout);
    expect((await cli(['-v'])).stdout).toBe(r.stdout);
    const extra = await cli(['--version', 'list']);
    expect([extra.code, extra.stderr]).toEqual([
      2,
      "plugboard: unexpected argument 'list' with --version\nRun 'plugboard --help' for usage.\n",
    ]);
    expect((await cli(['--help'])).stdout).toContain('plugboard --version (-v) prints the version');
  });
});

describe('the bin (dist/cli/main.js, built by npm run build)', () => {
  const bin = join(repoRoot, 'dist/cli/main.js');

  test('runs directly through its shebang and passes the exit code on', () => {
    // Executed as a file, not through `node`: this fails if the shebang or the exec bit is lost.
    const ok = spawnSync(bin, ['list', '--cwd', tempDir('empty')], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('No entry points found from');
    const usage = spawnSync(bin, ['nope'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("unknown command 'nope'");
  });
});
