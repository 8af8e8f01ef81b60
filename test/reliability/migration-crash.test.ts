/**
 * Issue #11, item 9: after kill -9 during a PostgreSQL migration, the next start was refused until
 * `_prisma_migrations` was edited by hand (the history row was committed before the script ran).
 * Each migration now runs in one transaction under the migration lock: a process killed in the
 * middle of one leaves it not applied, and the next start applies it. Also: a migration that fails
 * leaves nothing behind either. On this file's own database, both dialects.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { applyMigrations, MigrationError, readMigrations } from '../../src/sql/migrate.js';
import { sql } from '../../src/sql/fragment.js';
import { pgAdmin } from '../support/database.js';

const root = join(import.meta.dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'caro-migration-crash-'));
const postgres = db.dialect === 'postgresql';

/** A migration that creates a table, then takes a while whenever crash_marker has a row. */
const SLOW = postgres
  ? 'CREATE TABLE crash_probe (x INTEGER);\nSELECT pg_sleep(5) FROM crash_marker;\n'
  : 'CREATE TABLE crash_probe (x INTEGER);\nWITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < (SELECT COUNT(*) * 300000000 FROM crash_marker)) SELECT COUNT(*) FROM c;\n';

/** Applies the migrations of `MIGRATIONS_DIR` to DATABASE_URL with the server's own migrator, saying when it starts. */
const MIGRATOR = `
const { default: pg } = await import(${JSON.stringify(createRequire(import.meta.url).resolve('pg'))});
const { createPostgresDriver, createSqliteDriver } = await import(${JSON.stringify(join(root, 'src/sql/driver.ts'))});
const { applyMigrations, readMigrations } = await import(${JSON.stringify(join(root, 'src/sql/migrate.ts'))});
const url = process.env.DATABASE_URL;
const driver = url.startsWith('file:') ? createSqliteDriver(url.slice(5)) : createPostgresDriver(new pg.Pool({ connectionString: url }));
process.stdout.write('migrating\\n');
await applyMigrations(driver, readMigrations(process.env.MIGRATIONS_DIR));
process.stdout.write('applied\\n');
`;

const tableExists = async (table: string) =>
  (postgres
    ? await db.sql.query(sql`SELECT 1 FROM pg_tables WHERE tablename = ${table}`)
    : await db.sql.query(sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${table}`)
  ).length > 0;
const historyOf = (name: string) => db.sql.query<{ finished_at: unknown }>(sql`SELECT finished_at FROM _prisma_migrations WHERE migration_name = ${name}`);

function migrationsWith(name: string, script: string): string {
  const directory = join(folder, name);
  mkdirSync(join(directory, name), { recursive: true });
  writeFileSync(join(directory, name, 'migration.sql'), script);
  return directory;
}

beforeAll(async () => {
  await db.sql.runScript('CREATE TABLE crash_marker (x INTEGER)');
  await db.sql.execute(sql`INSERT INTO crash_marker (x) VALUES (1)`);
  writeFileSync(join(folder, 'migrator.mts'), MIGRATOR);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a migration killed midway is not applied, and the next start applies it (#11)', () => {
  const name = '29990101000000_crash_probe';
  const directory = migrationsWith(name, SLOW);

  it('kill -9 while the migration runs: no table, no history row', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(folder, 'migrator.mts')], {
      cwd: root,
      env: { ...process.env, MIGRATIONS_DIR: directory },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (!output.includes('migrating') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // In the slow statement: PostgreSQL shows it; SQLite's takes far longer than this wait.
    if (postgres) {
      const sleeping = async () =>
        pgAdmin(async (c) => (await c.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()")).rowCount ?? 0);
      while ((await sleeping()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } else {
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    expect(output).toContain('migrating');
    expect(output).not.toContain('applied');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(await tableExists('crash_probe')).toBe(false);
    expect(await historyOf(name)).toEqual([]);
  }, 90_000);

  it('the next start applies it (waiting for the lock while the killed session ends)', async () => {
    await db.sql.execute(sql`DELETE FROM crash_marker`);
    expect(await applyMigrations(db.sql, readMigrations(directory))).toEqual([name]);
    expect(await tableExists('crash_probe')).toBe(true);
    expect((await historyOf(name)).map((row) => row.finished_at !== null)).toEqual([true]);
  }, 60_000);
});

describe('a migration that fails leaves nothing behind (#11)', () => {
  const name = '29990102000000_fails_midway';
  const directory = migrationsWith(name, 'CREATE TABLE half_done (x INTEGER);\nSELECT nonsense FROM no_such_table;\n');

  it('is rolled back with its history row; a later start tries it again rather than refusing to start', async () => {
    for (let start = 0; start < 2; start += 1) {
      await expect(applyMigrations(db.sql, readMigrations(directory))).rejects.toThrow(MigrationError);
      await expect(applyMigrations(db.sql, readMigrations(directory))).rejects.toThrow(/fails_midway failed and was rolled back/);
    }
    expect(await tableExists('half_done')).toBe(false);
    expect(await historyOf(name)).toEqual([]);
  });
});
