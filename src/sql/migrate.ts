/**
 * Applies pending Prisma migrations at start, without Prisma's native schema engine (which cannot be
 * downloaded here). It keeps Prisma's own `_prisma_migrations` history, row for row as
 * `prisma migrate deploy` writes it, so either tool can take over from the other.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect } from '../env.js';
import type { SqlDriver } from './driver.js';
import { sql } from './fragment.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function migrationsDirectory(dialect: Dialect): string {
  return join(projectRoot, dialect === 'postgresql' ? 'prisma/postgresql/migrations' : 'prisma/migrations');
}

// Column types as Prisma's schema engine creates the table on each provider.
const HISTORY_TABLE: Record<Dialect, string> = {
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
};

export interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

export function readMigrations(directory: string): MigrationFile[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const script = readFileSync(join(directory, name, 'migration.sql'), 'utf8');
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') };
    });
}

export class MigrationError extends Error {}

/**
 * One transaction per migration. PostgreSQL runs DDL in transactions; on SQLite the migration lock is
 * already a transaction (BEGIN IMMEDIATE), so each migration is a savepoint in it.
 */
const TRANSACTION: Record<Dialect, { begin: string; commit: string; rollback: string }> = {
  postgresql: { begin: 'BEGIN', commit: 'COMMIT', rollback: 'ROLLBACK' },
  sqlite: { begin: 'SAVEPOINT migration', commit: 'RELEASE migration', rollback: 'ROLLBACK TO migration; RELEASE migration' },
};

/**
 * Applies every migration not yet recorded as finished, in name order, each in its own transaction,
 * under the migration lock. Returns the names applied.
 */
export async function applyMigrations(
  driver: SqlDriver,
  migrations: MigrationFile[] = readMigrations(migrationsDirectory(driver.dialect)),
): Promise<string[]> {
  return driver.withMigrationLock(async (db) => {
    await db.runScript(HISTORY_TABLE[db.dialect]);
    const history = await db.query<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>(
      sql`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`,
    );
    const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} was started and not finished by an older version of this server or by prisma migrate ` +
          '(its error, if any, is in _prisma_migrations.logs). ' +
          'Fix the database, then mark it rolled back or applied before starting again.',
      );
    }
    const finished = new Set(history.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !finished.has(m.name))) {
      // The history row, the script and its completion commit together: a crash or an error midway
      // leaves the migration not applied at all (no half-applied schema, no unfinished history row
      // to edit by hand), and the next start applies it again.
      await db.runScript(TRANSACTION[db.dialect].begin);
      try {
        const id = randomUUID();
        await db.execute(
          sql`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
              VALUES (${id}, ${migration.checksum}, ${migration.name}, ${new Date()}, 0)`,
        );
        await db.runScript(migration.script);
        await db.execute(sql`UPDATE _prisma_migrations SET finished_at = ${new Date()}, applied_steps_count = 1 WHERE id = ${id}`);
        await db.runScript(TRANSACTION[db.dialect].commit);
      } catch (cause) {
        // If the connection is gone, so is the transaction.
        await db.runScript(TRANSACTION[db.dialect].rollback).catch(() => {});
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause });
      }
      applied.push(migration.name);
    }
    return applied;
  });
}
