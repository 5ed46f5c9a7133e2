/**
 * webpack's watch mode: a plugin installed with the real npm while `watch()` runs is in the next
 * build's `virtual:plugboard/<group>`, without restarting the watcher.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { installApp } from './app.js';
import { pluginOf } from './bundlers.js';

test('webpack --watch: npm install of a plugin rebuilds the group with it', async () => {
  const { app, tarballs } = installApp({ plugins: ['ts-widget', 'cjs-widget', 'broken-widget'] });
  const webpack = (await import('webpack')).default;
  const plugboard = await pluginOf(app);
  const out = tempDir('watch-webpack');
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    context: app,
    entry: './main.js',
    output: { path: out, filename: 'main.js' },
    plugins: [plugboard.webpack()],
    infrastructureLogging: { level: 'error' },
  });
  const builds: string[] = [];
  let next: (() => void) | undefined;
  const watching = compiler.watch({}, (error, stats) => {
    if (error || stats?.hasErrors()) builds.push(`failed: ${error ?? stats?.toString()}`);
    else builds.push(readFileSync(join(out, 'main.js'), 'utf8'));
    next?.();
  });
  const built = (count: number) =>
    new Promise<void>((resolve) => {
      next = () => builds.length >= count && resolve();
      next();
    });
  try {
    await built(1);
    expect(builds[0]).toContain('"cjs-widget", "1.0.0"');
    expect(builds[0]).not.toContain('"lazy-widget", "1.0.0"');
    await promisify(execFile)(
      'npm',
      ['install', tarballs.get('lazy-widget')!, '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'],
      { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    // No timeout of our own: vitest's fails the test if no build ever has it.
    await new Promise<void>((resolve) => {
      next = () => builds.some((b) => b.includes('"lazy-widget", "1.0.0"')) && resolve();
      next();
    });
    expect(builds.at(-1)).toContain('"lazy-widget", "1.0.0"');
  } finally {
    await new Promise((resolve) => watching?.close(resolve));
  }
}, 120_000);
