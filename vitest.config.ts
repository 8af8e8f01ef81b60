import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Every suite runs twice: once on SQLite, once on PostgreSQL. test/support/template-database.ts
 * migrates a template once per run and test/support/database.ts gives each test file a fresh copy
 * of it.
 */

const database = (kind: 'sqlite' | 'postgresql'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: kind,
    env: { CARO_TEST_DB: kind },
    globalSetup: ['test/support/template-database.ts'],
    setupFiles: ['test/support/database.ts'],
  },
});

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Node loads the CJS one for yoga and
    // Pothos, so the tests must too, or graphql sees two copies of itself.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    projects: [
      database('sqlite'),
      database('postgresql'),
    ],
  },
});
