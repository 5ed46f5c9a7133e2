/**
 * The mdgen scenario (issue 16) under every package manager: a CLI host installed as a devDependency
 * of a site, the site's plugins, a transitive plugin, an incompatible one and a typo'd group. The
 * same tests as test/hosts/mdgen.test.ts (npm, and a global npm install), one describe per layout:
 * docs/cli-hosts.md's table of layout × role lists the same cells.
 */
import * as vitest from 'vitest';
import { packageManagers } from '../support/fixtures.js';
import { siteTests } from '../hosts/mdgen.js';

const slice = process.env.PLUGBOARD_MATRIX === 'slice';
for (const pm of slice ? (['npm', 'pnpm', 'yarn4-pnp'] as const) : packageManagers) siteTests(pm, vitest);
