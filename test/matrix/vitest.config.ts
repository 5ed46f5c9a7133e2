import { defineConfig } from 'vitest/config';

// The matrix needs the tools of test/matrix/tools and real installs by seven package managers, so it
// is not part of `npm test`: `npm run test:matrix` runs it (and .ci/run runs it after `npm test`).
export default defineConfig({
  test: {
    include: ['test/matrix/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // One package manager at a time: installs are the heavy part, on a shared 2-core machine.
    fileParallelism: false,
  },
});
