// The seed's host. Installing a plugin needs no change here: every package registered under
// `my-plugins` is found, loaded and called through the public interface in contract.d.ts.
import { entryPoints } from 'plugboard';

for (const ep of entryPoints({ group: 'my-plugins' })) {
  /** @type {import('./contract').MyPlugin} */
  const plugin = /** @type {any} */ (await ep.load());
  console.log(`Executing plugin ${ep.name}`);
  plugin.doSomething();
}
