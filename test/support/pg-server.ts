/**
 * The test PostgreSQL server (trust auth), without side effects: the per-file setup
 * (test/support/database.ts) and the run's template database (test/support/template-database.ts)
 * both reach it from here.
 */
import pg from 'pg';

/** Base URL of the test PostgreSQL server (no database). */
export const TEST_PG_URL = process.env.CARO_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';

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
