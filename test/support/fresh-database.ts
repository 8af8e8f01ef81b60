/**
 * A second, empty database of the suite's kind, for a test that needs one of its own (an older
 * schema, say): a temporary SQLite file or a new PostgreSQL database, dropped by `drop()`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { db } from '../../src/db.js';
import { createPostgresDriver, createSqliteDriver, type SqlDriver } from '../../src/sql/driver.js';
import { TEST_PG_URL } from './pg-server.js';

export async function freshDatabase(): Promise<{ driver: SqlDriver; drop(): Promise<void> }> {
  if (db.dialect === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'caro-fresh-'));
    const driver = createSqliteDriver(join(folder, 'fresh.db'));
    return { driver, drop: async () => (await driver.close(), rmSync(folder, { recursive: true, force: true })) };
  }
  const name = `caro_fresh_${randomUUID().replaceAll('-', '')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: `${TEST_PG_URL}/postgres` });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const driver = createPostgresDriver(new pg.Pool({ connectionString: `${TEST_PG_URL}/${name}`, max: 2 }));
  return { driver, drop: async () => (await driver.close(), await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}
