/**
 * Runs before each test file of the database projects: points DATABASE_URL at a fresh database of
 * the project's kind (CARO_TEST_DB), a copy of the run's migrated template
 * (test/support/template-database.ts), and drops it afterwards. It must set the environment, and
 * the SQLite file must exist, before anything imports src/env.ts or src/db.ts.
 *
 * The metric projects (CARO_TEST_SHARED_DB=1) run their files one after another in each worker
 * without isolation, so that the app's modules are imported once per worker instead of once per
 * file: there the first file of a worker makes the database and the next ones keep it (each metric
 * suite empties it first: test/support/metric-tester.ts). The template's teardown drops them.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { pgAdmin, TEST_PG_URL } from './pg-server.js';

export { pgAdmin, TEST_PG_URL };

const kind = process.env.CARO_TEST_DB ?? 'sqlite';
const shared = process.env.CARO_TEST_SHARED_DB === '1';
const { template, scratch, prefix } = inject('caroTemplate');
const worker = globalThis as { caroTestDatabase?: string };
const reused = shared && worker.caroTestDatabase !== undefined;

if (!reused) {
  const folder = mkdtempSync(join(scratch, 'test-'));
  const pgDatabase = `${prefix}${randomUUID().replaceAll('-', '')}`;
  process.env.NODE_ENV = 'test';
  process.env.CARO_DATA_DIR = folder;
  process.env.SESSION_HASH_SECRET = 'test-secret-test-secret-test-secret-0000';
  process.env.DATABASE_URL = kind === 'postgresql' ? `${TEST_PG_URL}/${pgDatabase}` : `file:${join(folder, 'test.db')}`;
  if (shared) worker.caroTestDatabase = process.env.DATABASE_URL;

  // src/db.ts opens the SQLite file when the test file imports it, before any beforeAll.
  if (kind === 'sqlite') copyFileSync(template, join(folder, 'test.db'));

  beforeAll(async () => {
    if (kind === 'postgresql') await pgAdmin((c) => c.query(`CREATE DATABASE ${pgDatabase} TEMPLATE ${template}`));
  });

  // A shared database outlives the file: the next files of the worker use it.
  if (!shared) {
    afterAll(async () => {
      const { db } = await import('../../src/db.js');
      await db.close();
      if (kind === 'postgresql') await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`));
      rmSync(folder, { recursive: true, force: true });
    });
  }
}
