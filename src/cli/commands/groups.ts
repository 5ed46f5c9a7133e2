import type { GroupDeclaration } from '../../discovery/index.js';
import { declaredGroupTypos, declaringHosts } from '../../tools/index.js';
import { EntryPoints } from '../../entry-points/index.js';
import { type Command, EXIT } from '../command.js';
import { discover, noteDiagnostics, pathOption } from '../discovery.js';
import { table } from '../output.js';

/** `plugboard groups` */
export const groups: Command = {
  name: 'groups',
  summary: 'list each group with its number of entries',
  usage: '',
  description:
    'Lists every group that installed packages declare entries in, and every group an installed host (or the project itself) declares in its package.json "entryPointGroups", with its description and host. ' +
    'A plugin that declares a group a typo away from a declared one is a group-typo error naming the host. ' +
    'Exits 1 when discovery dropped a declaration, a host declaration is invalid, or a group is a typo of a declared one.',
  positionals: { min: 0, max: 0 },
  options: { ...pathOption },
  examples: ['plugboard groups', 'plugboard groups --json'],
  run(context) {
    const found = discover(context);
    const paths = context.options.path;
    const declared = declaringHosts({
      cwd: context.cwd,
      env: context.io.env,
      paths: Array.isArray(paths) ? paths : [],
    });
    const byGroup = new Map<string, GroupDeclaration[]>();
    for (const d of declared.groups) byGroup.set(d.group, [...(byGroup.get(d.group) ?? []), d]);
    const names = [...new Set([...found.groups, ...byGroup.keys()])].sort();
    const rows = names.map((group) => {
      const eps = found.select({ group }).toArray();
      const declarations = byGroup.get(group) ?? [];
      const description = declarations.find((d) => d.description !== undefined)?.description;
      return {
        group,
        entries: eps.length,
        packages: [...new Set(eps.map((ep) => ep.package.name))].sort(),
        ...(declarations.length ? { hosts: declarations.map((d) => d.host.name) } : {}),
        ...(description === undefined ? {} : { description }),
      };
    });
    if (context.json) context.printJson(rows);
    else if (rows.length) {
      const anyDeclared = rows.some((r) => r.hosts);
      context.print(
        table(
          ['GROUP', 'ENTRIES', 'PACKAGES', ...(anyDeclared ? ['HOST', 'DESCRIPTION'] : [])],
          rows.map((r) => [
            r.group,
            String(r.entries),
            r.packages.join(', '),
            ...(anyDeclared ? [r.hosts?.join(', ') ?? '', r.description ?? ''] : []),
          ]),
          context.style,
        ),
      );
    }
    if (!rows.length) context.warn(`No entry points found from ${context.cwd}.`);
    // A typo of a declared group means its host never loads the plugin: said here, not only by doctor.
    const declaredProblems = [...declared.diagnostics, ...declaredGroupTypos(found, declared.groups)];
    const s = context.errStyle;
    for (const d of declaredProblems) context.warn(`${s.red('✖')} ${d.message} ${s.dim(`[${d.code}]`)}`);
    const errors = noteDiagnostics(context, new EntryPoints(found, [...found.diagnostics, ...declaredProblems]));
    return errors ? EXIT.problems : EXIT.ok;
  },
};
