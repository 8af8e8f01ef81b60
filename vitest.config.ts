import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Three projects. `unit`: the `*.unit.test.ts` files, which need no database; they run once, with
 * none (test/support/no-database.ts makes importing src/db.ts an error there). `sqlite` and
 * `postgresql`: every other suite runs twice, once on each; test/support/template-database.ts
 * migrates a template once per run and test/support/database.ts gives each test file a fresh copy
 * of it.
 */
const UNIT = '**/*.unit.test.ts';

const database = (kind: 'sqlite' | 'postgresql'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: kind,
    env: { CARO_TEST_DB: kind },
    exclude: [...configDefaults.exclude, UNIT],
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
    projects: [
      database('sqlite'),
      database('postgresql'),
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`test/${UNIT}`],
          setupFiles: ['test/support/no-database.ts'],
          // The type tests (expectTypeOf) need no database either.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
    ],
  },
});
