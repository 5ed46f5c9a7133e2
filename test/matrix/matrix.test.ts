/**
 * The package-manager × runtime matrix (issue 7): the same scenario and the same assertions in every
 * cell. `PLUGBOARD_MATRIX=slice` runs npm, pnpm and Yarn PnP on Node 20 only; anything else runs all.
 * Run through `npm run test:matrix`, which installs the pinned tools and prints the table.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PackageManager, packageManagers } from '../support/fixtures.js';
import {
  assertSameHost,
  expected,
  expectedList,
  type Installed,
  installScenario,
  layoutOf,
  layouts,
  listWithCli,
  runHost,
  runtimes,
  unsupported,
} from './scenario.js';
import { type Cell, renderTable } from './table.js';

const slice = process.env.PLUGBOARD_MATRIX === 'slice';
const rows = slice ? (['npm', 'pnpm', 'yarn4-pnp'] as const) : packageManagers;
const columns = slice ? (['node20'] as const) : runtimes;
const cells = new Map<string, Cell>();

afterAll(() => {
  const table = renderTable(packageManagers, runtimes, (pm, rt) => cells.get(`${pm} ${rt}`) ?? { status: 'not run' });
  if (process.env.PLUGBOARD_MATRIX_TABLE) writeFileSync(process.env.PLUGBOARD_MATRIX_TABLE, `${table}\n`);
  if (!process.env.PLUGBOARD_MATRIX_TABLE) console.log(table);
});

describe.each(rows.map((pm: PackageManager) => [pm]))('%s', (pm) => {
  let installed: Installed | undefined;
  let installError: unknown;
  beforeAll(() => {
    try {
      installed = installScenario(pm);
    } catch (error) {
      installError = error;
    }
  });

  test(`installs the ${layouts[pm]} layout`, () => {
    if (!installed) throw installError;
    expect(layoutOf(installed)).toBe(layouts[pm]);
  });

  test('`plugboard list --json` shows the same plugins as under npm', () => {
    if (!installed) throw installError;
    expect(listWithCli(installed)).toEqual(expectedList);
  });

  for (const runtime of columns) {
    const reason = unsupported(pm, runtime);
    if (reason) {
      cells.set(`${pm} ${runtime}`, { status: 'unsupported', why: reason });
      test.skip(`${runtime}: unsupported, ${reason}`, () => {});
      continue;
    }
    test(`${runtime}: discovers and loads the same plugins, reports the malformed one`, () => {
      cells.set(`${pm} ${runtime}`, { status: 'fail', why: `${pm} on ${runtime}: see the test's error` });
      if (!installed) throw installError;
      const report = runHost(installed, runtime);
      expect({ names: report.names, loaded: report.loaded, diagnostics: report.diagnostics }).toEqual(expected);
      // The cell really ran where it says: the right engine, and PnP only (and always) under PnP.
      if (runtime.startsWith('node')) expect(`node${report.runtime.node.split('.')[0]}`).toBe(runtime);
      expect(report.runtime.bun !== undefined).toBe(runtime === 'bun');
      expect(report.runtime.deno !== undefined).toBe(runtime === 'deno');
      expect(report.runtime.pnp).toBe(pm === 'yarn4-pnp');
      const origin = pm === 'yarn4-pnp' ? 'pnp' : 'node_modules';
      expect(report.origins).toEqual({ alpha: origin, beta: origin, gamma: origin });
      assertSameHost(installed, report);
      cells.set(`${pm} ${runtime}`, { status: 'pass' });
    });
  }
});
