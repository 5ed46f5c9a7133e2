import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The package-manager matrix needs test/matrix/tools installed: `npm run test:matrix` runs it.
    exclude: [...configDefaults.exclude, 'test/matrix/**'],
    // Fixtures are real `npm install`s into temp dirs: give them room on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
