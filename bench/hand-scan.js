// The baseline: a hand-written scan that reads every package.json in a node_modules (scopes too) and
// parses only those that mention "entryPoints". What anyone would write without a library.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const nm = join(process.argv[2] ?? process.cwd(), 'node_modules');
const group = process.argv[3] ?? 'bench.plugins';
const found = [];
function visit(dir) {
  let text;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return;
  }
  if (!text.includes('"entryPoints"')) return;
  const manifest = JSON.parse(text);
  for (const [name, value] of Object.entries(manifest.entryPoints?.[group] ?? {})) found.push({ name, value, dir });
}
for (const entry of readdirSync(nm, { withFileTypes: true })) {
  if (entry.name.startsWith('.')) continue;
  if (entry.name.startsWith('@')) {
    for (const sub of readdirSync(join(nm, entry.name), { withFileTypes: true })) visit(join(nm, entry.name, sub.name));
  } else if (entry.isDirectory() || entry.isSymbolicLink()) visit(join(nm, entry.name));
}
if (process.env.BENCH_PRINT) console.log(found.length);
