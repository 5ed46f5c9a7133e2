// `npm run demo`: installs plugin-a into the host the way a user would (with npm), then runs the host.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const host = join(here, 'host');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Start from an empty node_modules so the demo shows a fresh install, every time.
rmSync(join(host, 'node_modules'), { recursive: true, force: true });
const install = (args) =>
  execFileSync(
    npm,
    ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', ...args],
    {
      cwd: host,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
install(['--install-links', '../plugin-a']);
execFileSync(process.execPath, ['main.js'], { cwd: host, stdio: 'inherit' });
