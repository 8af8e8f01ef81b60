import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Five projects. `unit`: the `*.unit.test.ts` files, which need no database; they run once, with
 * none (test/support/no-database.ts makes importing src/db.ts an error there). `sqlite` and
 * `postgresql`: every other suite runs twice, once on each; test/support/template-database.ts
 * migrates a template once per run and test/support/database.ts gives each test file a fresh copy
 * of it. `metrics-sqlite` and `metrics-postgresql`: the one-file-per-metric suites
 * (test/metrics/<area>/), likewise on each database, but each worker runs its files one after
 * another in one module graph and one database, which each suite empties before loading its
 * fixture: importing the app once per file cost more than the suites themselves.
 */
const UNIT = '**/*.unit.test.ts';
const PER_METRIC = 'test/metrics/*/**/*.test.ts';

const database = (kind: 'sqlite' | 'postgresql'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: kind,
    env: { CARO_TEST_DB: kind },
    exclude: [...configDefaults.exclude, UNIT, PER_METRIC],
    globalSetup: ['test/support/template-database.ts'],
    setupFiles: ['test/support/database.ts'],
  },
});

const metrics = (kind: 'sqlite' | 'postgresql'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: `metrics-${kind}`,
    env: { CARO_TEST_DB: kind, CARO_TEST_SHARED_DB: '1' },
    include: [PER_METRIC],
    exclude: [...configDefaults.exclude, UNIT],
    isolate: false,
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
      metrics('sqlite'),
      metrics('postgresql'),
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
