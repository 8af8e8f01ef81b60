/**
 * The only place that opens the database: a Prisma client for the model API and a raw driver for
 * the hot paths (src/sql/driver.ts says why), both chosen from DATABASE_URL.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pLimit from 'p-limit';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqlitePrismaClient } from './generated/prisma-sqlite/client.ts';
import { PrismaClient as PostgresPrismaClient } from './generated/prisma-postgresql/client.ts';
import { dialectOf, env, type Dialect } from './env.js';
import { logger } from './logger.js';
import { createPostgresDriver, createSqliteDriver, type SqlDriver } from './sql/driver.js';
import { createSqliteReadPool, QueryTimeoutError, type SqlReader } from './sql/read-pool.js';

/**
 * Both clients are generated from the same models (prisma/schema.prisma and its derived twin), so
 * they share one type; test/db/schema-drift.test.ts keeps the twins equal.
 */
export type PrismaClient = SqlitePrismaClient;

export interface DatabaseHandle {
  readonly dialect: Dialect;
  readonly prisma: PrismaClient;
  readonly sql: SqlDriver;
  /**
   * Metric queries: off the server's thread on SQLite (worker threads), on a pool of their own on
   * PostgreSQL, both stopped after QUERY_TIMEOUT_MS.
   */
  readonly reads: SqlReader;
  close(): Promise<void>;
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

export interface DatabaseOptions {
  /** Metric queries run at once (SQLite worker threads, PostgreSQL read connections). */
  queryWorkers: number;
  queryTimeoutMs: number;
  /** PostgreSQL: how long a query waits for a new connection before the database counts as away (default 10 s). */
  connectionTimeoutMs?: number;
}

export function createDatabase(databaseUrl: string, options: DatabaseOptions): DatabaseHandle {
  const dialect = dialectOf(databaseUrl);
  if (dialect === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const driver = createSqliteDriver(path);
    // Epoch milliseconds, not ISO text: the raw SQL then compares and buckets integers.
    const adapter = new PrismaBetterSqlite3({ url: path, timeout: 10_000 }, { timestampFormat: 'unixepoch-ms' });
    // An in-memory database exists on its own connection only: it is read where it is written.
    const reads: SqlReader =
      path === ':memory:'
        ? { dialect, query: (query) => driver.query(query), close: async () => {} }
        : createSqliteReadPool({ path, workers: options.queryWorkers, timeoutMs: options.queryTimeoutMs });
    return handleOf(dialect, new SqlitePrismaClient({ adapter }), driver, reads);
  }
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 10_000;
  const pool = postgresPool(databaseUrl, { max: 10, connectionTimeoutMs });
  const readPool = postgresPool(databaseUrl, { max: options.queryWorkers, connectionTimeoutMs, statementTimeoutMs: options.queryTimeoutMs });
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as PrismaClient;
  const reader = createPostgresDriver(readPool);
  // The pool gives up on a query that waits connectionTimeoutMillis for a connection: right while
  // the database is away, wrong while its connections are merely busy (a request of 2 600 leaves at
  // 10 M events had 52 fields answered UNAVAILABLE). Queries wait here instead, and reach the pool
  // only when one of its connections is free, as the SQLite workers take theirs.
  const oneConnectionEach = pLimit(options.queryWorkers);
  const reads: SqlReader = {
    dialect,
    query: (query) =>
      oneConnectionEach(async () => {
        try {
          return await reader.query(query);
        } catch (error) {
          // 57014 query_canceled: the connection's statement_timeout stopped it.
          if ((error as { code?: string }).code === '57014') throw new QueryTimeoutError(options.queryTimeoutMs);
          throw error;
        }
      }),
    close: () => readPool.end(),
  };
  return handleOf(dialect, prisma, createPostgresDriver(pool), reads);
}

function postgresPool(databaseUrl: string, options: { max: number; connectionTimeoutMs: number; statementTimeoutMs?: number }): pg.Pool {
  // JIT compiles each large aggregation anew and costs more than it saves (measured: 7.6 s without
  // against 15.6–18.5 s with, on a four-metric dashboard query over a million events).
  const settings = ['-c jit=off', ...(options.statementTimeoutMs ? [`-c statement_timeout=${options.statementTimeoutMs}`] : [])];
  // A bounded wait for a connection: while the database is away, requests fail fast (503 with
  // Retry-After) instead of queueing until the client gives up.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max, options: settings.join(' '), connectionTimeoutMillis: options.connectionTimeoutMs });
  // An idle pooled connection that the server drops (restart, terminated backend) must not take the
  // process down: the pool discards it and the next query opens a new one.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection lost'));
  return pool;
}

function handleOf(dialect: Dialect, prisma: PrismaClient, driver: SqlDriver, reads: SqlReader): DatabaseHandle {
  return {
    dialect,
    prisma,
    sql: driver,
    reads,
    async close() {
      await reads.close();
      await prisma.$disconnect();
      await driver.close();
    },
  };
}

/** The server's database, from DATABASE_URL. */
export const db: DatabaseHandle = createDatabase(env.DATABASE_URL, { queryWorkers: env.QUERY_WORKERS, queryTimeoutMs: env.QUERY_TIMEOUT_MS });
