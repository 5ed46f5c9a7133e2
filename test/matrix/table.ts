/** The matrix's result table: rows are package managers, columns are runtimes. */
import type { PackageManager } from '../support/fixtures.js';
import type { Runtime } from './scenario.js';

/** One cell's outcome. */
export type Cell =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly why: string }
  | { readonly status: 'unsupported'; readonly why: string }
  | { readonly status: 'not run' };

/** Renders the table as Markdown, with the reasons of failed and unsupported cells below it. */
export function renderTable(
  rows: readonly PackageManager[],
  columns: readonly Runtime[],
  cell: (pm: PackageManager, runtime: Runtime) => Cell,
): string {
  const notes: string[] = [];
  const text = (c: Cell): string => {
    if (c.status === 'pass' || c.status === 'not run') return c.status;
    const index = notes.indexOf(c.why) === -1 ? notes.push(c.why) : notes.indexOf(c.why) + 1;
    return `${c.status} (${index})`;
  };
  const lines = [`| | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`];
  for (const pm of rows) lines.push(`| ${pm} | ${columns.map((rt) => text(cell(pm, rt))).join(' | ')} |`);
  return [...lines, '', ...notes.map((why, i) => `(${i + 1}) ${why}`)].join('\n');
}
