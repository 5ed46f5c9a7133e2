import { relative, resolve } from 'node:path';
import { CliUsageError } from '../errors.js';
import { checkGroup, checkName } from '../../core/index.js';
import { hostForScaffold, scaffold } from '../../tools/index.js';
import { type Command, EXIT } from '../command.js';
import { pathOption } from '../discovery.js';

/** `plugboard new <dir> --group <g> --name <n>`, or `plugboard new <dir> --host <package> --name <n>` */
export const newCommand: Command = {
  name: 'new',
  summary: 'scaffold a TypeScript plugin package',
  usage: '<dir>',
  description:
    'Writes package.json (with "entryPoints" and "exports"), tsconfig.json, src/plugin.ts, test/plugin.test.js, README.md and .gitignore into <dir>, which must be empty. ' +
    'After `npm install` it passes `npm test` and `plugboard check --load`. ' +
    'With --host <package>, the plugin is for that installed host: the group is the one it declares in "entryPointGroups" (or --group, when it declares several), the plugin gets a peerDependency on the host\'s current major, and src/plugin.ts is typed against the contract type the host declares ("types"). ' +
    'Exits 1 when <dir> is not empty or is a file, when it cannot be written, when the package name (the folder name, or --package) is not a valid npm name, or when the host is not installed or does not declare the group.',
  positionals: { min: 1, max: 1 },
  options: {
    group: {
      type: 'string',
      short: 'g',
      value: '<group>',
      description: 'the group the plugin joins (required, unless --host declares exactly one)',
    },
    host: {
      type: 'string',
      value: '<package>',
      description: 'the installed host the plugin is for: its declared group, peer range and contract type',
    },
    name: { type: 'string', short: 'n', value: '<name>', description: 'the entry name in that group (required)' },
    package: { type: 'string', value: '<pkg>', description: 'the npm package name (default: the folder name)' },
    ...pathOption,
  },
  examples: [
    'plugboard new my-plugin --group my-plugins --name hello',
    'plugboard new my-transformer --host mdgen --name toc',
  ],
  run(context) {
    const { name, package: pkg, host: hostName } = context.options;
    let { group } = context.options;
    if (typeof group !== 'string' && typeof hostName !== 'string')
      throw new CliUsageError({ message: 'missing --group <group> (or --host <package>)' });
    if (typeof name !== 'string') throw new CliUsageError({ message: 'missing --name <name>' });
    for (const [option, value, problem] of [
      ['--group', group, typeof group === 'string' ? checkGroup(group) : undefined],
      ['--name', name, checkName(name)],
    ] as const) {
      if (problem) throw new CliUsageError({ message: pointAt(option, value as string, problem), option });
    }
    const paths = context.options.path;
    const forHost =
      typeof hostName === 'string'
        ? hostForScaffold(hostName, {
            group: typeof group === 'string' ? group : undefined,
            cwd: context.cwd,
            env: context.io.env,
            paths: Array.isArray(paths) ? paths : [],
          })
        : undefined;
    group = forHost?.group ?? (group as string);
    const result = scaffold(resolve(context.cwd, context.args[0]!), {
      group,
      name,
      ...(typeof pkg === 'string' ? { packageName: pkg } : {}),
      ...(forHost ? { host: forHost.host } : {}),
    });
    if (context.json) {
      context.printJson(result);
      return EXIT.ok;
    }
    const s = context.style;
    context.print(`Created ${s.bold(result.package)} in ${result.dir}:`);
    for (const file of result.files) context.print(`  ${file}`);
    context.print('');
    context.print('Next:');
    // From where the user's shell is, which --cwd may not be: relative below it, else absolute.
    const from = relative(context.io.cwd, result.dir);
    context.print(`  cd ${from === '' ? '.' : from.startsWith('..') ? result.dir : from}`);
    context.print('  npm install                  # builds dist/ through "prepare"');
    context.print('  npm test');
    context.print('  npx plugboard check --load   # also runs before npm publish');
    return EXIT.ok;
  },
};

/** The characters a group or entry name may start with, and may contain (src/core/names.ts). */
const FIRST = /[A-Za-z0-9_@]/;
const REST = /[A-Za-z0-9_.\-/:@]/;

/**
 * `problem`, led by the character at fault: `--name 'my plugin' has a space at character 3`.
 * A rule the characters do not break (a reserved word, the length) is said as it is.
 */
function pointAt(option: string, value: string, problem: string): string {
  const chars = [...value];
  const at = chars.findIndex((ch, i) => !(i === 0 ? FIRST : REST).test(ch));
  if (at === -1) return `${option} '${value}': ${problem}`;
  const ch = chars[at]!;
  const what = ch === ' ' ? 'a space' : /\s/.test(ch) ? 'a whitespace character' : `'${ch}'`;
  const where = at === 0 ? 'as its first character' : `at character ${at + 1}`;
  const fixed = value.replace(/\s+/g, '-');
  const advice = fixed !== value && checkName(fixed) === undefined ? `; '${fixed}' would do` : '';
  return `${option} '${value}' has ${what} ${where}: ${problem}${advice}`;
}
