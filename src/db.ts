/**
 * The only place that opens the database: a Prisma client for the model API and a raw driver for
 * the hot paths (src/sql/driver.ts says why), both chosen from DATABASE_URL.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqlitePrismaClient } from './generated/prisma-sqlite/client.ts';
import { PrismaClient as PostgresPrismaClient } from './generated/prisma-postgresql/client.ts';
import { dialectOf, env, type Dialect } from './env.js';
import { logger } from './logger.js';
import { createPostgresDriver, createSqliteDriver, type SqlDriver } from './sql/driver.js';

/**
 * Both clients are generated from the same models (prisma/schema.prisma and its derived twin), so
 * they share one type; test/db/schema-drift.test.ts keeps the twins equal.
 */
export type PrismaClient = SqlitePrismaClient;

export interface DatabaseHandle {
  readonly dialect: Dialect;
  readonly prisma: PrismaClient;
  readonly sql: SqlDriver;
  close(): Promise<void>;
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

export function createDatabase(databaseUrl: string): DatabaseHandle {
  const dialect = dialectOf(databaseUrl);
  if (dialect === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const driver = createSqliteDriver(path);
    // Epoch milliseconds, not ISO text: the raw SQL then compares and buckets integers.
    const adapter = withSecureDelete(new PrismaBetterSqlite3({ url: path, timeout: 10_000 }, { timestampFormat: 'unixepoch-ms' }));
    return handleOf(dialect, new SqlitePrismaClient({ adapter }), driver);
  }
  // JIT compiles each large batched UNION ALL anew and costs more than it saves (measured: 7.6 s
  // without against 15.6–18.5 s with, on a four-metric dashboard query over a million events).
  // A bounded wait for a connection: while the database is away, requests fail fast (503, Retry-After)
  // instead of queueing until the client gives up.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: '-c jit=off', connectionTimeoutMillis: 10_000 });
  // An idle pooled connection that the server drops (restart, failover, pg_terminate_backend, a network
  // reset) emits 'error' on the pool, and an 'error' event nobody listens to ends the process. The pool
  // has already discarded that connection and opens a new one at the next query.
  pool.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL dropped an idle connection; reconnecting on next use'));
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as PrismaClient;
  return handleOf(dialect, prisma, createPostgresDriver(pool));
}

/**
 * SQLite's `secure_delete` is per connection, and Prisma's adapter opens its own: deletions through
 * Prisma (deleteSessionData) must overwrite what they free too, as the raw driver's do.
 */
function withSecureDelete(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript('PRAGMA secure_delete = ON');
    return adapter;
  };
  return factory;
}

function handleOf(dialect: Dialect, prisma: PrismaClient, driver: SqlDriver): DatabaseHandle {
  return {
    dialect,
    prisma,
    sql: driver,
    async close() {
      await prisma.$disconnect();
      await driver.close();
    },
  };
}

/** The server's database, from DATABASE_URL. */
export const db: DatabaseHandle = createDatabase(env.DATABASE_URL);
