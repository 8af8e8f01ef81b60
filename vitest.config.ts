import { defineConfig } from 'vitest/config';

/**
 * Every suite runs twice: once on SQLite, once on PostgreSQL. test/support/database.ts gives each
 * test file a fresh, migrated database of its project's kind.
 */
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Node loads the CJS one for yoga and
    // Pothos, so the tests must too, or graphql sees two copies of itself.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    setupFiles: ['test/support/database.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    projects: [
      { extends: true, test: { name: 'sqlite', env: { CARO_TEST_DB: 'sqlite' } } },
      { extends: true, test: { name: 'postgresql', env: { CARO_TEST_DB: 'postgresql' } } },
    ],
  },
});
