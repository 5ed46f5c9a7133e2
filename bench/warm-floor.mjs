// A yardstick for the warm case: the least a persistent index can cost in an ES-module host, written
// by hand with no library around it. It reads plugboard's own index for the tree, checks the same
// stamps that plugboard checks, and lists the group's entries: no validation of the file, no
// diagnostics, no conflict check, no EntryPoint objects. Not a usable discoverer. The gap between
// `plugboard warm` and this is what plugboard itself adds; the rest is Node (the ESM loader, fs,
// JSON.parse). It takes the shortcuts plugboard takes, so that it is a true floor: indexed loops
// rather than iterators, and node:fs through process.getBuiltinModule() rather than a static import,
// which would make the ESM loader build a module of fs's hundred-odd exports.
const { readdirSync, readFileSync, statSync } = process.getBuiltinModule('node:fs');

const dir = `${process.argv[2] ?? process.cwd()}/node_modules/.cache/plugboard`;
const group = process.argv[3] ?? 'bench.plugins';
const files = readdirSync(dir).filter((name) => name.startsWith('index-'));
if (files.length !== 1) throw new Error(`expected one index file in ${dir}, found ${files.length}`);
const index = JSON.parse(readFileSync(`${dir}/${files[0]}`, 'utf8'));
for (let i = 0; i < index.stamps.length; i++) {
  const [path, stamp] = index.stamps[i];
  const st = statSync(path, { throwIfNoEntry: false });
  const now = st ? `${st.isDirectory() ? 'd' : 'f'}${st.mtimeMs}/${st.ctimeMs}/${st.ino}/${st.size}/${st.dev}` : '-';
  if (now !== stamp) throw new Error(`the index is stale (${path}): run plugboard once first`);
}
const found = [];
for (let i = 0; i < index.events.length; i++) {
  const event = index.events[i];
  const entries = event[0] === 'p' ? event[5].entryPoints?.[group] : undefined;
  if (entries) for (const name in entries) found.push({ name, value: entries[name], package: event[2] });
}
if (process.env.BENCH_PRINT) console.log(found.length);
