/**
 * The DuckDB baseline's database: the five raw tables of the bench's database copied into an
 * in-memory DuckDB (@duckdb/node-api), same table and column names, read in chunks and written
 * through DuckDB's appender. Instants become TIMESTAMP holding UTC (DuckDB's TIMESTAMPTZ would
 * bring time-zone rules into day arithmetic), booleans BOOLEAN; bench/support/hand-sql.ts writes the
 * same SQL for it as for PostgreSQL, with the few differences in its dialect layer.
 *
 *   const copy = await copyToDuckDb({ dialect: 'sqlite', query: async (text) => db.prepare(text).all() });
 *   const rows = await copy.run('SELECT COUNT(*) AS n FROM telemetry_events');
 *   copy.close();
 *
 * Chunks: on SQLite by rowid ranges, on PostgreSQL by ranges of heap pages (a TID range scan), so
 * each chunk is a sequential read and no chunk re-sorts the table.
 */
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { TableSpec } from '../../src/sql/driver.js';
import { gaugeObservations, safetyAudits, subscriptionEvents, surveyResponses, telemetryEvents } from '../../src/ingestion/record-kinds.js';

/** The bench's database, read with plain SQL text. */
export interface RowSource {
  readonly dialect: 'sqlite' | 'postgresql';
  query(sqlText: string): Promise<Record<string, unknown>[]>;
}

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

const DUCKDB_TYPE: Record<string, string> = { text: 'VARCHAR', timestamptz: 'TIMESTAMP', boolean: 'BOOLEAN', integer: 'INTEGER', float8: 'DOUBLE' };

type Append = (appender: DuckDBAppender, value: unknown) => void;

/** Source values (SQLite: epoch ms and 0/1; PostgreSQL: Date and boolean) into DuckDB's. */
const APPEND: Record<string, Append> = {
  text: (a, v) => a.appendVarchar(String(v)),
  timestamptz: (a, v) => a.appendTimestamp(new DuckDBTimestampValue(BigInt(instantMs(v)) * 1000n)),
  boolean: (a, v) => a.appendBoolean(v === true || v === 1 || v === 1n),
  integer: (a, v) => a.appendInteger(Number(v)),
  float8: (a, v) => a.appendDouble(Number(v)),
};

function instantMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Date.parse(String(value));
}

export async function copyToDuckDb(source: RowSource, options: CopyOptions = {}): Promise<DuckDbCopy> {
  const chunkRows = options.chunkRows ?? 50_000;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = performance.now();
  const rows: Record<string, number> = {};
  try {
    for (const table of TABLES) {
      const columns = table.columns.map((c) => `"${c.name}" ${DUCKDB_TYPE[c.pgType] ?? fail(`no DuckDB type for ${c.pgType}`)}`);
      await connection.run(`CREATE TABLE ${table.name} (${columns.join(', ')})`);
      rows[table.name] = await copyTable(source, table, await connection.createAppender(table.name), chunkRows, log);
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

async function copyTable(source: RowSource, table: TableSpec, appender: DuckDBAppender, chunkRows: number, log: (line: string) => void): Promise<number> {
  const names = table.columns.map((c) => c.name);
  const appends = table.columns.map((c) => APPEND[c.pgType]!);
  const [{ n }] = (await source.query(`SELECT COUNT(*) AS n FROM ${table.name}`)) as [{ n: unknown }];
  const total = Number(n);
  let copied = 0;
  let lastLog = performance.now();
  const started = lastLog;
  const write = (chunk: readonly Record<string, unknown>[]) => {
    for (const row of chunk) {
      for (let i = 0; i < names.length; i++) {
        const value = row[names[i]!];
        if (value === null || value === undefined) appender.appendNull();
        else appends[i]!(appender, value);
      }
      appender.endRow();
    }
    appender.flushSync();
    copied += chunk.length;
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      const rate = copied / ((lastLog - started) / 1000);
      log(`  duckdb: ${table.name} ${fmt(copied)}/${fmt(total)} rows (${fmt(rate)} rows/s)`);
    }
  };
  try {
    for await (const chunk of chunks(source, table.name, names, total, chunkRows)) write(chunk);
  } finally {
    appender.closeSync();
  }
  if (copied !== total) throw new Error(`duckdb copy: ${table.name} has ${total} rows, ${copied} were read`);
  return copied;
}

async function* chunks(source: RowSource, table: string, names: readonly string[], total: number, chunkRows: number): AsyncGenerator<Record<string, unknown>[]> {
  const list = names.map((name) => `"${name}"`).join(', ');
  if (source.dialect === 'sqlite') {
    let last = -Infinity;
    for (;;) {
      const after = Number.isFinite(last) ? `WHERE rowid > ${last} ` : '';
      const chunk = await source.query(`SELECT rowid AS chunk_rowid, ${list} FROM ${table} ${after}ORDER BY rowid LIMIT ${chunkRows}`);
      if (chunk.length === 0) return;
      last = Number(chunk[chunk.length - 1]!.chunk_rowid);
      yield chunk;
    }
  }
  const [{ blocks }] = (await source.query(`SELECT pg_relation_size('${table}') / current_setting('block_size')::int AS blocks`)) as [{ blocks: unknown }];
  const pages = Number(blocks);
  const step = Math.max(1, Math.ceil((pages * chunkRows) / Math.max(1, total)));
  for (let page = 0; page < pages; page += step) {
    yield await source.query(`SELECT ${list} FROM ${table} WHERE ctid >= '(${page},0)'::tid AND ctid < '(${page + step},0)'::tid`);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
