// The folder boundaries of src/, checked by `npm run lint:deps` (part of `npm test`). Each folder of
// src/ is a boundary: its index.ts is its public face, no file reaches into another folder's
// internals, the layers only point down, and there are no import cycles (README: "Project layout").
const layers = ['core', 'entry-points', 'discovery', 'isolate', 'group', 'hooks', 'tools', 'cli', 'bundler'];
/** What each folder may import besides itself: the layers below it. */
const below = {
  core: [],
  'entry-points': ['core'],
  discovery: ['core', 'entry-points'],
  isolate: ['core', 'entry-points', 'discovery'],
  group: ['core', 'entry-points', 'discovery', 'isolate'],
  hooks: ['core'],
  tools: ['core', 'entry-points', 'discovery', 'group'],
  cli: ['core', 'entry-points', 'discovery', 'isolate', 'group', 'tools'],
  bundler: ['core', 'entry-points', 'discovery', 'group'],
};

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle is fixed by moving the shared piece down a layer, not worked around.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-reaching-into-folders',
      severity: 'error',
      comment: 'Another folder is imported through its index.ts only: its internals are its own.',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'entries-import-folder-faces',
      severity: 'error',
      comment: 'The package entries at the top of src/ re-export folder faces (index.ts) only.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    ...layers.map((layer) => ({
      name: `layers-${layer}`,
      severity: 'error',
      comment: `${layer}/ may import only ${below[layer].join(', ') || 'itself'}: the layers point down.`,
      from: { path: `^src/${layer}/` },
      to: {
        path: '^src/[^/]+/',
        pathNot: [`^src/${layer}/`, ...below[layer].map((b) => `^src/${b}/`)],
      },
    })),
    {
      name: 'runs-anywhere',
      severity: 'error',
      comment:
        'core/ and hooks/ (plugboard/hooks) run in browsers, workers, Deno, Bun and edge runtimes: no Node built-in, and no npm package either.',
      from: { path: '^src/(core|hooks)/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle through types is still a cycle a reader has to untangle.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
