// Which plugin threw an error a call rethrew (`hooks.pluginOf(error)`). Under the default 'throw'
// policy the error is rethrown unchanged, as tapable and pluggy do, so that `instanceof` and a
// wrapper's `catch` see the plugin's own error; a host learns whose it was here instead of from a
// wrapping error. A WeakMap, so nothing is added to the error and nothing is kept alive by it.

const culprits = new WeakMap<object, { readonly plugin: string; readonly owner: object }>();

/**
 * Note that `plugin`'s implementation threw `error` during a call of the hooks `owner` belongs
 * to, unless an implementation further in already did (a wrapper rethrowing what `next()` threw,
 * a plugin calling another hook). Returns `error`, to be rethrown.
 */
export function blame(error: unknown, plugin: string, owner: object): unknown {
  if (((typeof error === 'object' && error !== null) || typeof error === 'function') && !culprits.has(error)) {
    culprits.set(error, { plugin, owner });
  }
  return error;
}

/** The plugin `blame` noted for `error` in the hooks `owner` belongs to. */
export function culprit(error: unknown, owner: object): string | undefined {
  if ((typeof error !== 'object' || error === null) && typeof error !== 'function') return undefined;
  const found = culprits.get(error);
  return found?.owner === owner ? found.plugin : undefined;
}
