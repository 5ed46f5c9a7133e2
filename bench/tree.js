// Generates the trees the discovery benchmarks run on: a node_modules of `count` packages (1% plugins,
// 10% scoped, package.json files of 1–2 KB like the ones npm installs) and the equivalent Python
// site-packages (`*.dist-info` folders, plugins with an entry_points.txt).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The group every generated plugin declares. */
export const GROUP = 'bench.plugins';

/** A small seeded PRNG (mulberry32), so every run generates the same tree. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'parse stream buffer async cache config util core json path glob fetch http socket color string array object date time schema valid plugin loader compile bundle minify test mock spy log debug trace event queue pool worker'.split(
    ' ',
  );

/** The packages of a tree of `count`: names, versions, which are plugins. */
export function packages(count, seed = 1) {
  const rand = random(seed);
  const scopes = Math.max(1, Math.round(count / 100));
  const list = [];
  for (let i = 0; i < count; i++) {
    const word = WORDS[Math.floor(rand() * WORDS.length)];
    const base = `${word}-${i.toString(36)}`;
    // Every tenth package is scoped, every hundredth (offset so some are scoped too) is a plugin.
    const name = i % 10 === 3 ? `@scope-${Math.floor(rand() * scopes)}/${base}` : base;
    // One in four plugins lands on a scoped index.
    const plugin = i % 100 === (Math.floor(i / 100) % 4 === 0 ? 3 : 50);
    list.push({
      name,
      version: `${1 + Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`,
      plugin,
      index: i,
    });
  }
  return list;
}

function manifest(pkg, rand) {
  const target = 1000 + Math.floor(rand() * 1000);
  const deps = {};
  for (let d = 0; d < 3 + Math.floor(rand() * 6); d++)
    deps[`${WORDS[Math.floor(rand() * WORDS.length)]}-${Math.floor(rand() * 5000).toString(36)}`] =
      `^${Math.floor(rand() * 9)}.0.0`;
  const json = {
    name: pkg.name,
    version: pkg.version,
    description: '',
    keywords: [WORDS[pkg.index % WORDS.length], WORDS[(pkg.index * 7) % WORDS.length], 'javascript'],
    homepage: `https://github.com/example/${pkg.name.replace('/', '-')}#readme`,
    bugs: { url: `https://github.com/example/${pkg.name.replace('/', '-')}/issues` },
    repository: { type: 'git', url: `git+https://github.com/example/${pkg.name.replace('/', '-')}.git` },
    license: 'MIT',
    author: 'Example Author <author@example.com> (https://example.com)',
    type: 'module',
    main: './index.js',
    types: './index.d.ts',
    exports: { '.': { types: './index.d.ts', default: './index.js' }, './package.json': './package.json' },
    files: ['index.js', 'index.d.ts', 'lib'],
    engines: { node: '>=18' },
    scripts: { test: 'node --test', build: 'tsc -p .', lint: 'eslint .' },
    dependencies: deps,
    devDependencies: { typescript: '^5.4.0', eslint: '^9.0.0' },
  };
  if (pkg.plugin)
    json.entryPoints = {
      [GROUP]: { [`p${pkg.index}`]: './index.js:plugin' },
      'bench.other': { [`o${pkg.index}`]: { value: './index.js', meta: { rank: pkg.index } } },
    };
  let text = JSON.stringify(json, null, 2);
  const filler = 'A realistic package description that goes on for a while, as descriptions do. ';
  json.description = filler
    .repeat(Math.max(0, Math.ceil((target - text.length) / filler.length)))
    .slice(0, Math.max(20, target - text.length))
    .trim();
  text = JSON.stringify(json, null, 2);
  return `${text}\n`;
}

/** Writes `<root>/node_modules` with `count` packages; returns the package list. */
export function generateTree(root, count, seed = 1) {
  const list = packages(count, seed);
  const rand = random(seed + 1);
  const nm = join(root, 'node_modules');
  mkdirSync(join(nm, '.bin'), { recursive: true });
  const lock = { name: 'bench-host', version: '1.0.0', lockfileVersion: 3, requires: true, packages: {} };
  for (const pkg of list) {
    const dir = join(nm, pkg.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), manifest(pkg, rand));
    writeFileSync(
      join(dir, 'index.js'),
      pkg.plugin ? `export const plugin = { name: ${JSON.stringify(pkg.name)} };\n` : 'export default {};\n',
    );
    lock.packages[`node_modules/${pkg.name}`] = {
      version: pkg.version,
      resolved: `https://registry.npmjs.org/${pkg.name}/-/${pkg.name.split('/').pop()}-${pkg.version}.tgz`,
      integrity: `sha512-${Buffer.from(pkg.name).toString('base64')}`,
      license: 'MIT',
    };
  }
  writeFileSync(join(nm, '.package-lock.json'), JSON.stringify(lock, null, 2));
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'bench-host', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  return list;
}

/** Writes an equivalent Python site-packages at `dir`: one dist-info per package. */
export function generateSitePackages(dir, count, seed = 1) {
  const list = packages(count, seed);
  const rand = random(seed + 2);
  for (const pkg of list) {
    const name = pkg.name.replace('@', '').replace('/', '_').replaceAll('-', '_');
    const info = join(dir, `${name}-${pkg.version}.dist-info`);
    mkdirSync(info, { recursive: true });
    const target = 1000 + Math.floor(rand() * 1000);
    let metadata = `Metadata-Version: 2.1\nName: ${name}\nVersion: ${pkg.version}\nSummary: A generated package\nHome-page: https://example.com/${name}\nAuthor: Example Author\nAuthor-email: author@example.com\nLicense: MIT\nClassifier: Programming Language :: Python :: 3\nRequires-Python: >=3.8\n\n`;
    metadata += 'A realistic long description, as packages have. '.repeat(
      Math.ceil(Math.max(0, target - metadata.length) / 48),
    );
    writeFileSync(join(info, 'METADATA'), metadata);
    writeFileSync(join(info, 'RECORD'), `${name}/__init__.py,,\n${name}-${pkg.version}.dist-info/METADATA,,\n`);
    writeFileSync(join(info, 'INSTALLER'), 'pip\n');
    writeFileSync(join(info, 'top_level.txt'), `${name}\n`);
    if (pkg.plugin) {
      writeFileSync(
        join(info, 'entry_points.txt'),
        `[${GROUP}]\np${pkg.index} = ${name}:plugin\n\n[bench.other]\no${pkg.index} = ${name}\n`,
      );
    }
  }
  return list;
}
