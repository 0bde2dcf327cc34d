import { defineConfig } from 'vitest/config';

export default defineConfig({
  // src/shared/typescript.cts loads the compiler with require() in the built CLI (a faster start);
  // Vite cannot transform a .cts file's `import = require`, and the tests need no such speed-up
  resolve: { alias: [{ find: /^(?:.*\/)?typescript\.cjs$/, replacement: 'typescript' }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
