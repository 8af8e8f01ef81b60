/**
 * Runs before each test file: points DATABASE_URL at a fresh database of the project's kind
 * (CARO_TEST_DB), applies the migrations, and drops the database afterwards. It must set the
 * environment before anything imports src/env.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const kind = process.env.CARO_TEST_DB ?? 'sqlite';
const folder = mkdtempSync(join(tmpdir(), 'caro-test-'));
/** Base URL of the test PostgreSQL server (trust auth). */
export const TEST_PG_URL = process.env.CARO_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const pgDatabase = `caro_test_${randomUUID().replaceAll('-', '')}`;

process.env.NODE_ENV = 'test';
process.env.CARO_DATA_DIR = folder;
process.env.SESSION_HASH_SECRET = 'test-secret-test-secret-test-secret-0000';
process.env.DATABASE_URL = kind === 'postgresql' ? `${TEST_PG_URL}/${pgDatabase}` : `file:${join(folder, 'test.db')}`;

/** Runs `work` on the test PostgreSQL server's `postgres` database (CREATE/DROP DATABASE, pg_terminate_backend…). */
export async function pgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${TEST_PG_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (kind === 'postgresql') await pgAdmin((c) => c.query(`CREATE DATABASE ${pgDatabase}`));
  const { db } = await import('../../src/db.js');
  const { applyMigrations } = await import('../../src/sql/migrate.js');
  await applyMigrations(db.sql);
});

afterAll(async () => {
  const { db } = await import('../../src/db.js');
  await db.close();
  if (kind === 'postgresql') await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`));
  rmSync(folder, { recursive: true, force: true });
});
