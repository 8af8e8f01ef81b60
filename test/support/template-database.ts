/**
 * vitest globalSetup of the sqlite and postgresql projects: applies the migrations once per run,
 * into a template, so that each test file's fresh database (test/support/database.ts) is a copy of
 * it instead of a new database migrated anew. Measured on the 2-core machine, per test file:
 * migrations ~0.1–0.2 s on SQLite and ~0.5–0.6 s on PostgreSQL, against ~1 ms to copy the SQLite
 * file and a `CREATE DATABASE … TEMPLATE` as fast as a plain `CREATE DATABASE`.
 *
 * - SQLite: a migrated file in a temporary folder, closed (so its WAL is merged into it) before
 *   any test file copies it.
 * - PostgreSQL: a database `caro_template_<uuid>` (one per run, so that concurrent runs on the
 *   same server do not share one), closed to connections once migrated (CREATE DATABASE … TEMPLATE
 *   fails while anyone is connected to the template).
 *
 * Both are removed when the run ends, with the test databases a worker kept (the metric projects
 * share one per worker: test/support/database.ts). The template's name reaches the test files
 * through `provide`/`inject('caroTemplate')`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPostgresDriver, createSqliteDriver, type SqlDriver } from '../../src/sql/driver.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { pgAdmin, TEST_PG_URL } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    caroTemplate: {
      /** SQLite: the path of the migrated template file; PostgreSQL: the template database's name. */
      template: string;
      /** A folder of the run's for the test files' own files (removed at the end). */
      scratch: string;
      /** The name every test database of the run starts with (dropped at the end, left or not). */
      prefix: string;
    };
  }
}

async function migrate(driver: SqlDriver): Promise<void> {
  try {
    await applyMigrations(driver);
  } finally {
    await driver.close();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = randomUUID().replaceAll('-', '');
  const scratch = mkdtempSync(join(tmpdir(), 'caro-test-run-'));
  const prefix = `caro_test_${run.slice(0, 12)}_`;
  if (project.config.env.CARO_TEST_DB === 'postgresql') {
    const name = `caro_template_${run}`;
    await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    await migrate(createPostgresDriver(new pg.Pool({ connectionString: `${TEST_PG_URL}/${name}`, max: 1 })));
    await pgAdmin((c) => c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`));
    project.provide('caroTemplate', { template: name, scratch, prefix });
    return async () => {
      await pgAdmin(async (c) => {
        const left = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
        for (const { datname } of left.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      rmSync(scratch, { recursive: true, force: true });
    };
  }
  const path = join(scratch, 'template.db');
  await migrate(createSqliteDriver(path));
  if (existsSync(`${path}-wal`)) throw new Error(`${path}-wal is left after closing: the template would be copied without it`);
  project.provide('caroTemplate', { template: path, scratch, prefix });
  return async () => rmSync(scratch, { recursive: true, force: true });
}
