/**
 * Checks the baselines of `bench:query` against the engine: on a small synthetic database, every
 * request the bench times (the four dashboards over the last 7 and 30 days, all metrics over 30
 * days, and all metrics over an uneven window ending before `now`) is answered by
 *   - the engine itself, reading raw records (createEvaluator with source 'raw', then
 *     computeSnapshot / computeSeries / computeSegments as the GraphQL resolvers do),
 *   - the hand-written SQL of bench/support/hand-sql.ts on the same database,
 *   - the same hand-written SQL on a DuckDB copy of its rows (bench/support/duckdb.ts),
 * and every value, previous value, series value and split value is compared (equal to 1e-9 relative).
 * It prints the mismatches (there should be none) and exits 1 when there is any.
 *
 *   npx tsx bench/support/check-baselines.ts                          # SQLite and PostgreSQL, 30 000 events
 *   npx tsx bench/support/check-baselines.ts --only sqlite --events 10000 --seed 7
 *   npx tsx bench/support/check-baselines.ts --print growth           # also print the hand SQL of a request
 *
 * PostgreSQL: a database caro_hand_check_<random> is created on $CARO_BENCH_PG_URL (default
 * postgresql://postgres@127.0.0.1:5432) and dropped at the end; SQLite: a temporary file.
 * Keep it small: the engine's raw reads are slow (that is what the bench is about).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { generateActivity, type ActivityBatch } from '../../scripts/demo/synthetic.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as recordKinds from '../../src/ingestion/record-kinds.js';
import { createSessionHasher } from '../../src/privacy/session-hash.js';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import { computeSegments, computeSeries, computeSnapshot } from '../../src/query-engine/metric-result.js';
import { registry } from '../../src/registry/catalogue.js';
import { createPostgresDriver, createSqliteDriver, type SqlDriver } from '../../src/sql/driver.js';
import { sql } from '../../src/sql/fragment.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { copyToDuckDb, postgresRows, sqliteRows, type DuckDbCopy, type RowSource } from './duckdb.js';
import { diffAnswers, handAnswers, handPanels, handSql, type AnswerMismatch, type HandAnswer, type HandRequest } from './hand-sql.js';
import { pgAdmin } from './pg-admin.js';

type Kind = 'sqlite' | 'postgresql';
const PG_SERVER = process.env.CARO_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DAY_MS = 86_400_000;
const DASHBOARDS = ['growth', 'engagement', 'quality', 'satisfaction'] as const;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '30000' },
    seed: { type: 'string', default: '42' },
    only: { type: 'string' },
    print: { type: 'string' },
  },
});

interface Check {
  name: string;
  request: HandRequest;
}

function checksAt(end: Date): Check[] {
  const last = (days: number) => ({ from: new Date(end.getTime() - days * DAY_MS), to: end });
  return [
    ...DASHBOARDS.flatMap((id) =>
      [7, 30].map((days) => ({ name: `${id} ${days}d`, request: { kind: 'dashboard' as const, id, window: last(days), now: end } })),
    ),
    { name: 'all metrics 30d', request: { kind: 'allMetrics', window: last(30), now: end } },
    // Not on whole days and ending before now: three day grids, and cohorts judged at `now`, not `to`.
    {
      name: 'all metrics, uneven',
      request: { kind: 'allMetrics', window: { from: new Date(end.getTime() - 10.5 * DAY_MS), to: new Date(end.getTime() - 0.3 * DAY_MS) }, now: end },
    },
  ];
}

/** The engine's answers, as the GraphQL resolvers compute them, on raw records. */
async function engineAnswers(driver: SqlDriver, request: HandRequest): Promise<HandAnswer[]> {
  const evaluator = createEvaluator({ driver, formulaOf: registry.formulaOf, now: request.now, source: 'raw' });
  return Promise.all(
    handPanels(request).map(async (panel) => {
      const metric = registry.get(panel.metric)!;
      const [snapshot, series, segments] = await Promise.all([
        computeSnapshot(evaluator, metric, request.window),
        computeSeries(evaluator, metric, request.window, panel.granularity),
        panel.segment ? computeSegments(evaluator, metric, request.window, panel.segment) : null,
      ]);
      return {
        metric: panel.metric,
        segment: panel.segment,
        value: snapshot.value,
        previousValue: snapshot.previousValue,
        series: series.map((p) => ({ start: p.start.toISOString(), value: p.value })),
        segments: segments?.map((s) => ({ key: s.key, value: s.value })) ?? null,
      };
    }),
  );
}

interface Line {
  check: string;
  statements: number;
  /** Numbers compared, and how many of them the engine gave a value (not null). */
  numbers: { compared: number; valued: number };
  ms: { engine: number; hand: number; duckdb: number };
  mismatches: (AnswerMismatch & { baseline: string })[];
}

async function checkDatabase(kind: Kind, driver: SqlDriver, rows: RowSource, end: Date): Promise<Line[]> {
  const duck: DuckDbCopy = await copyToDuckDb(rows);
  const lines: Line[] = [];
  try {
    for (const { name, request } of checksAt(end)) {
      const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
        const t0 = performance.now();
        return [await work(), performance.now() - t0];
      };
      const [engine, engineMs] = await timed(() => engineAnswers(driver, request));
      const statements = handSql(kind, request);
      if (values.print && name.startsWith(values.print)) console.log(`-- ${kind}: ${name}\n${statements.join(';\n\n')};\n`);
      const [handRows, handMs] = await timed(async () => {
        const results = [];
        for (const text of statements) results.push(await driver.query(sql.raw(text)));
        return results;
      });
      const [duckRows, duckMs] = await timed(async () => {
        const results = [];
        for (const text of handSql('duckdb', request)) results.push(await duck.run(text));
        return results;
      });
      const mismatches = [
        ...diffAnswers(engine, handAnswers(request, handRows)).map((m) => ({ ...m, baseline: `hand SQL (${kind})` })),
        ...diffAnswers(engine, handAnswers(request, duckRows)).map((m) => ({ ...m, baseline: 'DuckDB' })),
      ];
      const numbers = engine.flatMap((a) => [a.value, a.previousValue, ...a.series.map((p) => p.value), ...(a.segments ?? []).map((p) => p.value)]);
      const compared = { compared: numbers.length, valued: numbers.filter((n) => n !== null).length };
      lines.push({ check: name, statements: statements.length, numbers: compared, ms: { engine: engineMs, hand: handMs, duckdb: duckMs }, mismatches });
    }
  } finally {
    duck.close();
  }
  return lines;
}

async function load(driver: SqlDriver, end: Date, events: number, seed: number): Promise<string> {
  await applyMigrations(driver);
  const options = { driver, hashSession: createSessionHasher('check-baselines-secret-0123456789abcdef'), retentionDays: 90, receivedAt: end };
  const kindOf = {
    events: recordKinds.telemetryEvents,
    surveys: recordKinds.surveyResponses,
    audits: recordKinds.safetyAudits,
    gauges: recordKinds.gaugeObservations,
    subscriptions: recordKinds.subscriptionEvents,
  } as const;
  const generator = generateActivity({ seed, days: 90, end, targetEvents: events });
  let step = generator.next();
  while (!step.done) {
    const batch: ActivityBatch = step.value;
    const result = await ingest(kindOf[batch.kind] as recordKinds.RecordKind<unknown>, batch.records, options);
    if (result.accepted !== batch.records.length) throw new Error(`a ${batch.kind} batch stored ${result.accepted} of ${batch.records.length}`);
    step = generator.next();
  }
  const r = step.value.records;
  return `${r.events} events (${step.value.sessions} sessions), ${r.surveys} surveys, ${r.audits} audits, ${r.gauges} gauges, ${r.subscriptions} subscription events`;
}

/** A fresh database: the driver the app uses, and a reader of its rows for the DuckDB copy. */
async function withDatabase<T>(kind: Kind, work: (driver: SqlDriver, rows: () => RowSource) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'caro-hand-check-'));
    const path = join(folder, 'check.db');
    const driver = createSqliteDriver(path);
    const readers: Database.Database[] = [];
    try {
      return await work(driver, () => sqliteRows(readers[readers.push(new Database(path, { readonly: true })) - 1]!));
    } finally {
      for (const reader of readers) reader.close();
      await driver.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const name = `caro_hand_check_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await pgAdmin(PG_SERVER, `CREATE DATABASE ${name}`);
  // As the server's pools (src/db.ts): JIT compiling each large statement costs more than it saves.
  const pool = new pg.Pool({ connectionString: `${PG_SERVER}/${name}`, max: 2, options: '-c jit=off' });
  const driver = createPostgresDriver(pool);
  try {
    return await work(driver, () => postgresRows(pool));
  } finally {
    await driver.close();
    await pgAdmin(PG_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

function print(kind: Kind, lines: readonly Line[]): number {
  const header = ['request', 'stmts', 'numbers (non-null)', 'engine ms', 'hand ms', 'duckdb ms', 'mismatches'];
  const rows = lines.map((l) => [l.check, String(l.statements), `${l.numbers.compared} (${l.numbers.valued})`, ms(l.ms.engine), ms(l.ms.hand), ms(l.ms.duckdb), String(l.mismatches.length)]);
  table(header, rows);
  const all = lines.flatMap((l) => l.mismatches.map((m) => ({ ...m, check: l.check })));
  if (all.length === 0) {
    console.log(`  ${kind}: mismatches: none`);
    return 0;
  }
  console.log(`\n  ${kind}: ${all.length} mismatches`);
  table(
    ['request', 'baseline', 'metric', 'split', 'part', 'engine', 'baseline value'],
    all.map((m) => [m.check, m.baseline, m.metric, m.segment ?? '', m.part, String(m.expected), String(m.actual)]),
  );
  return all.length;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`  ${line(header)}\n  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}

const ms = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

const kinds = (values.only ? [values.only] : ['sqlite', 'postgresql']) as Kind[];
const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
let mismatches = 0;
for (const kind of kinds) {
  if (kind === 'postgresql' && !(await pgAdmin(PG_SERVER, 'SELECT 1').then(() => true, () => false))) {
    console.log(`postgresql: ${PG_SERVER} does not answer, skipped`);
    continue;
  }
  await withDatabase(kind, async (driver, rows) => {
    const loaded = await load(driver, end, Number(values.events), Number(values.seed));
    if (kind === 'postgresql') await driver.runScript('VACUUM ANALYZE');
    console.log(`\n${kind}: ${loaded}; now = to = ${end.toISOString()}`);
    mismatches += print(kind, await checkDatabase(kind, driver, rows(), end));
  });
}
process.exit(mismatches === 0 ? 0 : 1);
