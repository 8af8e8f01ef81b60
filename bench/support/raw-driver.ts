/**
 * The bench's records and the raw-driver baseline: the same events for both paths, and the raw
 * driver inserting them into the same schema (the committed migrations): better-sqlite3, a prepared
 * INSERT in one transaction per 1 000 rows; pg, one INSERT … SELECT FROM unnest(…) per 1 000 rows.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type TelemetryEventRecord, telemetryEvents } from '../../src/ingestion/record-kinds.js';

export type Kind = 'sqlite' | 'postgresql';
export const BATCH = 1000;
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Required fields and a few optional ones, as the CLI sends them. */
export interface BenchEvent {
  eventId: string;
  timestamp: string;
  sessionId: string;
  eventType: string;
  backend: string;
  platform: string;
  caroVersion: string;
  latencyMs: number;
  success: boolean;
  model: string;
  inferenceMs: number;
  safetyMode: string;
  queryComplexity: string;
}

const sessions = Array.from({ length: 200 }, () => randomUUID());

export function events(count: number): BenchEvent[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    timestamp: new Date(now - i * 1000).toISOString(),
    sessionId: sessions[i % sessions.length]!,
    eventType: i % 3 === 0 ? 'COMMAND_EXECUTED' : 'COMMAND_GENERATED',
    backend: 'EMBEDDED',
    platform: 'macos-arm64',
    caroVersion: '1.4.2',
    latencyMs: 50 + (i % 400),
    success: i % 17 !== 0,
    model: 'qwen-1.5b',
    inferenceMs: 120 + (i % 300),
    safetyMode: 'NORMAL',
    queryComplexity: 'MEDIUM',
  }));
}

/** Every column of telemetry_events, as the server writes a row (absent optional fields as NULL). */
const COLUMNS = telemetryEvents.table.columns.map(({ name, pgType }) => [name, pgType] as const);
const NAMES = COLUMNS.map(([name]) => name);

/** The row the server would store, in NAMES order (the raw driver binds by position). */
function rowOf(e: BenchEvent, receivedAt: Date): unknown[] {
  const hashSession = (id: string) => createHmac('sha256', 'bench-secret').update(id).digest('hex');
  const record = { ...e, timestamp: new Date(e.timestamp) } as unknown as TelemetryEventRecord;
  const row = telemetryEvents.toRow(record, { receivedAt, hashSession });
  return NAMES.map((name) => row[name] ?? null);
}

function migrationScripts(kind: Kind): string[] {
  const dir = join(root, kind === 'postgresql' ? 'prisma/postgresql/migrations' : 'prisma/migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => readFileSync(join(dir, name, 'migration.sql'), 'utf8'));
}

export interface RawDriver {
  /** Rows/s inserting `batches` × 1 000 fresh rows, prepared before the clock starts. */
  measure(batches: number, progress: (done: number) => void): Promise<number>;
  close(): Promise<void>;
}

/** The raw driver on a fresh database at `url`, migrated with the committed migrations. */
export async function openRawDriver(kind: Kind, url: string): Promise<RawDriver> {
  const receivedAt = new Date();
  const prepare = (batches: number) => Array.from({ length: batches }, () => events(BATCH).map((e) => rowOf(e, receivedAt)));
  const rate = (batches: number, started: number) => (batches * BATCH) / ((performance.now() - started) / 1000);
  if (kind === 'sqlite') {
    const db = new Database(url.slice('file:'.length));
    // Same settings as src/sql/driver.ts.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const script of migrationScripts(kind)) db.exec(script);
    const insert = db.prepare(`INSERT INTO telemetry_events (${NAMES.join(', ')}) VALUES (${NAMES.map(() => '?').join(', ')})`);
    // Same value encoding as src/sql/fragment.ts: instants as epoch ms, booleans as 0/1.
    const encode = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'boolean' ? Number(v) : v);
    const insertBatch = db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row.map(encode));
    });
    insertBatch(prepare(1)[0]!); // warm-up, not counted
    return {
      async measure(batches, progress) {
        const prepared = prepare(batches);
        const started = performance.now();
        prepared.forEach((rows, i) => {
          insertBatch(rows);
          progress(i + 1);
        });
        return rate(batches, started);
      },
      async close() {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const script of migrationScripts(kind)) await client.query(script);
  const text = `INSERT INTO telemetry_events (${NAMES.join(', ')})
    SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
  const columnsOf = (rows: unknown[][]) => NAMES.map((_, c) => rows.map((row) => row[c]));
  await client.query(text, columnsOf(prepare(1)[0]!)); // warm-up, not counted
  return {
    async measure(batches, progress) {
      const prepared = prepare(batches);
      const started = performance.now();
      for (const [i, rows] of prepared.entries()) {
        await client.query(text, columnsOf(rows));
        progress(i + 1);
      }
      return rate(batches, started);
    },
    close: () => client.end(),
  };
}
