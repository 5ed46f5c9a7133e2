import { type CacheStatus, cacheStatus, clearCache } from '../../discovery/index.js';
import { CliUsageError } from '../errors.js';
import { type Command, EXIT } from '../command.js';
import { pathOption } from '../discovery.js';
import { fields } from '../output.js';

const STATES: Record<CacheStatus['state'], string> = {
  fresh: 'fresh: the next discovery replays it',
  stale: 'stale: something changed; the next discovery rebuilds it',
  missing: 'missing: the next discovery builds it',
  unreadable: 'unreadable (corrupt, truncated or from another version): the next discovery rebuilds it',
  disabled: 'disabled (PLUGBOARD_NO_CACHE)',
  unavailable: 'unavailable: no writable node_modules, discovery runs uncached',
};

/** `plugboard cache status|clear`: a view over `cacheStatus()` and `clearCache()` (docs/cache.md). */
export const cache: Command = {
  name: 'cache',
  summary: 'show or clear the discovery index cache',
  usage: 'status|clear',
  description:
    'The index lives in the nearest node_modules/.cache/plugboard and is checked on every discovery, so it is never stale after a package manager operation. ' +
    "Clear it after editing an installed (not linked) package's package.json by hand, the main change it does not track (the README's Discovery cache and speed section says what else).",
  positionals: { min: 1, max: 1 },
  options: { ...pathOption },
  examples: ['plugboard cache status', 'plugboard cache status --json', 'plugboard cache clear'],
  run(context) {
    const [action] = context.args;
    const paths = context.options.path;
    const options = { cwd: context.cwd, env: context.io.env, paths: Array.isArray(paths) ? paths : [] };
    if (action === 'status') {
      const status = cacheStatus(options);
      if (context.json) context.printJson(status);
      else {
        const pairs: [string, string][] = [['index', STATES[status.state]]];
        if (status.file) pairs.push(['file', status.file]);
        if (status.changed) pairs.push(['changed', status.changed]);
        if (status.builtAt !== undefined) pairs.push(['built', new Date(status.builtAt).toISOString()]);
        if (status.packages !== undefined) pairs.push(['packages', `${status.packages} with entry points`]);
        if (status.stamps !== undefined) pairs.push(['checks', `${status.stamps} paths stat'ed per discovery`]);
        if (status.bytes !== undefined) pairs.push(['size', `${status.bytes} bytes`]);
        context.print(fields(pairs, context.style, ''));
      }
      return EXIT.ok;
    }
    if (action === 'clear') {
      const removed = clearCache(options);
      if (context.json) context.printJson({ removed: removed ?? null });
      else context.print(removed ? `Removed ${removed}` : 'No cache to clear.');
      return EXIT.ok;
    }
    throw new CliUsageError({ message: `unknown action '${action}': use 'status' or 'clear'` });
  },
};
