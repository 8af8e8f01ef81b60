/**
 * The DuckDB baseline's database: the five raw tables of the bench's database copied into an
 * in-memory DuckDB (@duckdb/node-api), same table and column names, read in chunks and written
 * through DuckDB's appender. Instants become TIMESTAMP holding UTC (DuckDB's TIMESTAMPTZ would
 * bring time-zone rules into day arithmetic), booleans BOOLEAN; bench/support/hand-sql.ts writes the
 * same SQL for it as for PostgreSQL, with the few differences in its dialect layer.
 *
 *   const copy = await copyToDuckDb(sqliteRows(new Database(path, { readonly: true })));   // or postgresRows(pool)
 *   const rows = await copy.run('SELECT COUNT(*) AS n FROM telemetry_events');
 *   copy.close();
 *
 * Chunks: on SQLite by rowid ranges, on PostgreSQL by ranges of heap pages (a TID range scan), so
 * each chunk is a sequential read and no chunk re-sorts the table.
 */
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { TableSpec } from '../../src/sql/driver.js';
import { gaugeObservations, safetyAudits, subscriptionEvents, surveyResponses, telemetryEvents } from '../../src/ingestion/record-kinds.js';

/**
 * The bench's database, read with plain SQL text. Rows come as arrays in the SELECT's column order:
 * objects with two dozen keys cost several times the read itself at a million rows.
 */
export interface RowSource {
  readonly dialect: 'sqlite' | 'postgresql';
  query(sqlText: string): Promise<unknown[][]>;
}

/** A SQLite connection as a row source (open it read-only beside the writer: WAL). */
export const sqliteRows = (db: Database.Database): RowSource => ({
  dialect: 'sqlite',
  query: async (text) => db.prepare(text).raw().all() as unknown[][],
});

export const postgresRows = (client: pg.Pool | pg.Client): RowSource => ({
  dialect: 'postgresql',
  query: async (text) => (await client.query({ text, rowMode: 'array' })).rows as unknown[][],
});

export interface DuckDbCopy {
  /** Runs one statement and returns its rows (BIGINT and HUGEINT as bigint, DOUBLE as number). */
  run(sqlText: string): Promise<Record<string, unknown>[]>;
  close(): void;
  /** Rows copied, per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Seconds the copy took. */
  readonly seconds: number;
}

export interface CopyOptions {
  /** Rows per chunk read from the source (default 50 000). */
  chunkRows?: number;
  /** Progress lines (default: stdout); a line at least every 5 s on large tables. */
  log?: (line: string) => void;
}

const TABLES: readonly TableSpec[] = [telemetryEvents, surveyResponses, safetyAudits, gaugeObservations, subscriptionEvents].map((kind) => kind.table);

/**
 * Each column type: its DuckDB type, how the source selects it (instants as epoch milliseconds on
 * both databases: no Date parsing) and how a source value is appended. One append per value
 * measured faster than filling data chunks column by column (2.9 s against 4.4 s for 210 000 events).
 */
interface ColumnCopy {
  type: string;
  select(dialect: RowSource['dialect'], column: string): string;
  append(appender: DuckDBAppender, value: unknown): void;
}

const asIs = (_dialect: RowSource['dialect'], column: string) => `"${column}"`;
const COLUMN_COPY: Record<string, ColumnCopy> = {
  text: { type: 'VARCHAR', select: asIs, append: (a, v) => a.appendVarchar(String(v)) },
  timestamptz: {
    type: 'TIMESTAMP',
    select: (dialect, column) => (dialect === 'sqlite' ? `"${column}"` : `CAST(EXTRACT(EPOCH FROM "${column}") * 1000 AS DOUBLE PRECISION)`),
    append: (a, v) => a.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(Number(v))) * 1000n)),
  },
  boolean: { type: 'BOOLEAN', select: asIs, append: (a, v) => a.appendBoolean(v === true || v === 1) },
  integer: { type: 'INTEGER', select: asIs, append: (a, v) => a.appendInteger(Number(v)) },
  float8: { type: 'DOUBLE', select: asIs, append: (a, v) => a.appendDouble(Number(v)) },
};

export async function copyToDuckDb(source: RowSource, options: CopyOptions = {}): Promise<DuckDbCopy> {
  const chunkRows = options.chunkRows ?? 50_000;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = performance.now();
  const rows: Record<string, number> = {};
  try {
    for (const table of TABLES) {
      const columns = table.columns.map((c) => `"${c.name}" ${copyOf(c.pgType).type}`);
      await connection.run(`CREATE TABLE ${table.name} (${columns.join(', ')})`);
      const appender = await connection.createAppender(table.name);
      try {
        rows[table.name] = await copyTable(source, table, appender, chunkRows, log);
      } finally {
        appender.closeSync();
      }
    }
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  log(`  duckdb: copied ${fmt(total)} rows in ${seconds.toFixed(1)} s (${fmt(total / seconds)} rows/s)`);
  return {
    rows,
    seconds,
    async run(sqlText) {
      const reader = await connection.runAndReadAll(sqlText);
      return reader.getRowObjectsJS();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function copyOf(pgType: string): ColumnCopy {
  const copy = COLUMN_COPY[pgType];
  if (!copy) throw new Error(`duckdb copy: no DuckDB type for ${pgType}`);
  return copy;
}

async function copyTable(source: RowSource, table: TableSpec, appender: DuckDBAppender, chunkRows: number, log: (line: string) => void): Promise<number> {
  const copies = table.columns.map((c) => copyOf(c.pgType));
  const list = table.columns.map((c, i) => copies[i]!.select(source.dialect, c.name)).join(', ');
  const [[n]] = (await source.query(`SELECT COUNT(*) FROM ${table.name}`)) as [[unknown]];
  const total = Number(n);
  let copied = 0;
  let lastLog = performance.now();
  const started = lastLog;
  for await (const part of prefetched(chunks(source, table.name, list, total, chunkRows))) {
    for (const row of part) {
      for (let c = 0; c < copies.length; c++) {
        const value = row[c];
        if (value === null || value === undefined) appender.appendNull();
        else copies[c]!.append(appender, value);
      }
      appender.endRow();
    }
    copied += part.length;
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`  duckdb: ${table.name} ${fmt(copied)}/${fmt(total)} rows (${fmt(copied / ((lastLog - started) / 1000))} rows/s)`);
    }
  }
  appender.flushSync();
  if (copied !== total) throw new Error(`duckdb copy: ${table.name} has ${total} rows, ${copied} were read`);
  return copied;
}

/** The table's rows in chunks: on SQLite by rowid, on PostgreSQL by ranges of heap pages (TID range scans). */
async function* chunks(source: RowSource, table: string, list: string, total: number, chunkRows: number): AsyncGenerator<unknown[][]> {
  if (source.dialect === 'sqlite') {
    for (let last: number | null = null; ; ) {
      const after = last === null ? '' : `WHERE rowid > ${last} `;
      const part = await source.query(`SELECT ${list}, rowid FROM ${table} ${after}ORDER BY rowid LIMIT ${chunkRows}`);
      if (part.length === 0) return;
      last = Number(part[part.length - 1]!.at(-1));
      yield part;
    }
  }
  const [[blocks]] = (await source.query(`SELECT pg_relation_size('${table}') / current_setting('block_size')::int`)) as [[unknown]];
  const pages = Number(blocks);
  const step = Math.max(1, Math.ceil((pages * chunkRows) / Math.max(1, total)));
  for (let page = 0; page < pages; page += step) {
    yield await source.query(`SELECT ${list} FROM ${table} WHERE ctid >= '(${page},0)'::tid AND ctid < '(${page + step},0)'::tid`);
  }
}

/** Asks for the next chunk before the current one is appended: PostgreSQL scans and sends it meanwhile. */
async function* prefetched<T>(items: AsyncIterator<T>): AsyncGenerator<T> {
  let next = items.next();
  for (;;) {
    const item = await next;
    if (item.done) return;
    next = items.next();
    yield item.value;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
