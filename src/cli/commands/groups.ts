import { type Command, EXIT } from '../command.js';
import { discover, noteDiagnostics, pathOption } from '../discovery.js';
import { table } from '../output.js';

/** `plugboard groups` */
export const groups: Command = {
  name: 'groups',
  summary: 'list each group with its number of entries',
  usage: '',
  positionals: { min: 0, max: 0 },
  options: { ...pathOption },
  examples: ['plugboard groups', 'plugboard groups --json'],
  run(context) {
    const found = discover(context);
    const rows = found.groups.map((group) => {
      const eps = found.select({ group }).toArray();
      return { group, entries: eps.length, packages: [...new Set(eps.map((ep) => ep.package.name))].sort() };
    });
    if (context.json) context.printJson(rows);
    else if (rows.length) {
      context.print(
        table(
          ['GROUP', 'ENTRIES', 'PACKAGES'],
          rows.map((r) => [r.group, String(r.entries), r.packages.join(', ')]),
          context.style,
        ),
      );
    }
    if (!rows.length) context.warn(`No entry points found from ${context.cwd}.`);
    return noteDiagnostics(context, found) ? EXIT.problems : EXIT.ok;
  },
};
