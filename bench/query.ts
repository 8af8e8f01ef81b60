/**
 * Query speed on a realistic database: 1 M synthetic events over 90 days (scripts/demo/synthetic.ts)
 * loaded through `ingest()` — the ingestion hot path minus HTTP — then the time of every registered
 * metric's snapshot (value + previous period) over the last 7 and 30 days, and of one GraphQL
 * request (in-process `yoga.fetch`) asking for all metrics with value, previousValue, change, status,
 * a 30-day DAY series and a split by their first segment, with the number of SQL statements it made.
 *
 *   npm run bench:query                                   # SQLite and PostgreSQL, 1 000 000 events
 *   npm run bench:query -- --events 50000 --only sqlite   # a quick check
 *   npm run bench:query -- --keep                         # keep the databases (for EXPLAIN, see
 *                                                         #   bench/support/query-explain.ts)
 *
 * Times are the first run (cold statement cache) and the median of `--runs` runs (default 3, the
 * first included). Each database is fresh: a temporary SQLite file, or a PostgreSQL database
 * caro_bench_q_<random> on $CARO_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432),
 * dropped at the end. src/env.ts reads the environment at import and src/db.ts opens one database
 * per process, so each database is benchmarked in a child process (this file, with `child`).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { generateActivity, type ActivityBatch, type ActivityKind } from '../scripts/demo/synthetic.js';
import { pgAdmin as pgAdminOn } from './support/pg-admin.js';

type Kind = 'sqlite' | 'postgresql';
const PG_SERVER = process.env.CARO_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DAY_MS = 86_400_000;
const WINDOWS = [7, 30] as const;

interface ChildOptions {
  events: number;
  seed: number;
  runs: number;
  /** The generation's end and ingestion receive time (ISO), the same for every database. */
  end: string;
}

interface Timing {
  first: number;
  median: number;
  statements: number;
}

interface MetricFigures {
  id: string;
  kind: string;
  value: number | null;
  byWindow: Record<(typeof WINDOWS)[number], Timing>;
}

interface DatabaseFigures {
  kind: Kind;
  records: Record<ActivityKind, number>;
  sessions: number;
  /** Seconds spent inside ingest() for telemetry events, and for everything. */
  eventIngestSeconds: number;
  ingestSeconds: number;
  wallSeconds: number;
  maintenance: string;
  metrics: MetricFigures[];
  graphql: Timing & { fields: number; errors: string[] };
  /** Each review dashboard over its default window, in one GraphQL request. */
  dashboards: (Timing & { id: string; panels: number; errors: string[] })[];
}

// ---------------------------------------------------------------------------------------------
// The child: environment set by the parent, then the app's modules.

async function child(options: ChildOptions): Promise<DatabaseFigures> {
  const { db } = await import('../src/db.js');
  const { env } = await import('../src/env.js');
  const { applyMigrations } = await import('../src/sql/migrate.js');
  const { ingest } = await import('../src/ingestion/ingest.js');
  const recordKinds = await import('../src/ingestion/record-kinds.js');
  const { createSessionHasher, loadSessionSecret } = await import('../src/privacy/session-hash.js');
  const { registry } = await import('../src/registry/catalogue.js');
  const { createEvaluator } = await import('../src/query-engine/evaluate.js');
  const { computeSnapshot } = await import('../src/query-engine/metric-result.js');
  const { yoga } = await import('../src/yoga.js');
  const { dashboards: dashboardDefinitions } = await import('../src/dashboards/catalogue.js');
  const { REVIEW_WINDOW } = await import('../src/dashboards/define-dashboard.js');
  const kind = db.dialect;
  await applyMigrations(db.sql);

  // Every statement goes through db.sql.query: count them.
  let statements = 0;
  const query = db.sql.query.bind(db.sql);
  db.sql.query = ((fragment) => {
    statements++;
    return query(fragment);
  }) as typeof db.sql.query;

  // --- load ---
  const end = new Date(options.end);
  const hashSession = createSessionHasher(loadSessionSecret({ secret: env.SESSION_HASH_SECRET, dataDir: env.CARO_DATA_DIR }));
  const ingestOptions = { driver: db.sql, hashSession, retentionDays: env.RETENTION_DAYS, receivedAt: end };
  const ingestBatch = (batch: ActivityBatch) => {
    switch (batch.kind) {
      case 'events':
        return ingest(recordKinds.telemetryEvents, batch.records, ingestOptions);
      case 'surveys':
        return ingest(recordKinds.surveyResponses, batch.records, ingestOptions);
      case 'audits':
        return ingest(recordKinds.safetyAudits, batch.records, ingestOptions);
      case 'gauges':
        return ingest(recordKinds.gaugeObservations, batch.records, ingestOptions);
      case 'subscriptions':
        return ingest(recordKinds.subscriptionEvents, batch.records, ingestOptions);
    }
  };
  const bar = new cliProgress.SingleBar(
    {
      format: `  ${kind} load {bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 15_000,
      etaBuffer: 100,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.events, 0, { rate: '-' });
  const generator = generateActivity({ seed: options.seed, days: 90, end, targetEvents: options.events });
  let ingestMs = 0;
  let eventIngestMs = 0;
  let events = 0;
  const started = performance.now();
  let step = generator.next();
  while (!step.done) {
    const batch = step.value;
    const t0 = performance.now();
    const result = await ingestBatch(batch);
    const ms = performance.now() - t0;
    ingestMs += ms;
    if (result.accepted !== batch.records.length) {
      throw new Error(`a ${batch.kind} batch stored ${result.accepted} of ${batch.records.length}: ${JSON.stringify(result.errors.slice(0, 3))}`);
    }
    if (batch.kind === 'events') {
      eventIngestMs += ms;
      events += batch.records.length;
      bar.update(Math.min(events, options.events), { rate: fmt(events / (eventIngestMs / 1000)) });
    }
    // better-sqlite3 is synchronous: let the progress bar's timer run between batches.
    await new Promise((resolve) => setImmediate(resolve));
    step = generator.next();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  bar.setTotal(events);
  bar.update(events);
  bar.stop();
  const summary = step.value;

  // Autovacuum would analyze the fresh tables shortly; do it now so that every run sees the same plans.
  let maintenance = 'none (as loaded; the app never runs ANALYZE on SQLite)';
  if (kind === 'postgresql') {
    const t0 = performance.now();
    await db.sql.runScript('VACUUM ANALYZE');
    maintenance = `VACUUM ANALYZE after load (${((performance.now() - t0) / 1000).toFixed(1)} s)`;
  }

  // --- one metric at a time: a fresh evaluator per run, so nothing is cached between runs ---
  const metrics: MetricFigures[] = [];
  for (const metric of registry.metrics) {
    const figures: Partial<MetricFigures['byWindow']> = {};
    let value: number | null = null;
    for (const days of WINDOWS) {
      const window = { from: new Date(end.getTime() - days * DAY_MS), to: end };
      figures[days] = await timed(options.runs, () => (statements = 0), async () => {
        const evaluator = createEvaluator({ driver: db.sql, formulaOf: registry.formulaOf, now: end });
        const snapshot = await computeSnapshot(evaluator, metric, window);
        value = snapshot.value;
        return statements;
      });
    }
    metrics.push({ id: metric.id, kind: formulaKind(metric.formula), value, byWindow: figures as MetricFigures['byWindow'] });
    process.stdout.write(`  ${kind}: ${metric.id} ${fmtMs(figures[7]!.median)} / ${fmtMs(figures[30]!.median)}\n`);
  }

  // --- all metrics in one GraphQL request ---
  const fields = registry.metrics.map((m, i) => {
    const segments = m.segments.length > 0 ? ` segments(by: "${m.segments[0]}") { key value status }` : '';
    return `m${i}: metric(id: "${m.id}", window: $window) { id value previousValue change status series(granularity: DAY) { start value partial }${segments} }`;
  });
  const body = JSON.stringify({
    query: `query AllMetrics($window: TimeWindowInput!) {\n${fields.join('\n')}\n}`,
    variables: { window: { from: new Date(end.getTime() - 30 * DAY_MS).toISOString(), to: end.toISOString() } },
  });
  const errors: string[] = [];
  const graphql = await timed(options.runs, () => (statements = 0), async () => {
    const response = await yoga.fetch('http://bench.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await response.json()) as { errors?: { message: string; path?: unknown[] }[] };
    for (const error of json.errors ?? []) errors.push(`${JSON.stringify(error.path)}: ${error.message}`);
    return statements;
  });

  // --- each dashboard, as a frontend asks for it: every panel's result, split and series ---
  const dashboards: DatabaseFigures['dashboards'] = [];
  for (const dashboard of dashboardDefinitions) {
    const query = `{ dashboard(id: "${dashboard.id}", window: { to: "${end.toISOString()}", last: "${REVIEW_WINDOW[dashboard.review]}" }) {
      panels { result { value previousValue change status } segments { key value status } series { start value partial } } } }`;
    const dashboardErrors: string[] = [];
    const timing = await timed(options.runs, () => (statements = 0), async () => {
      const response = await yoga.fetch('http://bench.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const json = (await response.json()) as { errors?: { message: string }[] };
      for (const error of json.errors ?? []) dashboardErrors.push(error.message);
      return statements;
    });
    dashboards.push({ ...timing, id: dashboard.id, panels: dashboard.panels.length, errors: [...new Set(dashboardErrors)] });
    process.stdout.write(`  ${kind}: dashboard ${dashboard.id} ${fmtMs(timing.median)}\n`);
  }

  await db.close();
  return {
    dashboards,
    kind,
    records: summary.records,
    sessions: summary.sessions,
    eventIngestSeconds: eventIngestMs / 1000,
    ingestSeconds: ingestMs / 1000,
    wallSeconds,
    maintenance,
    metrics,
    graphql: { ...graphql, fields: fields.length, errors: [...new Set(errors)] },
  };
}

/** Runs `work` `runs` times; the first run's statement count is the one reported. */
async function timed(runs: number, reset: () => void, work: () => Promise<number>): Promise<Timing> {
  const times: number[] = [];
  let statements = 0;
  for (let run = 0; run < runs; run++) {
    reset();
    const t0 = performance.now();
    const count = await work();
    times.push(performance.now() - t0);
    if (run === 0) statements = count;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { first: times[0]!, median: sorted[Math.floor(sorted.length / 2)]!, statements };
}

/** The formula's kind, with the kinds of what a combinator combines: `ratio(measure)`. */
function formulaKind(formula: { kind: string }): string {
  const node = formula as { kind: string } & Record<string, unknown>;
  const parts = ['numerator', 'denominator', 'left', 'right', 'base'].flatMap((key) =>
    typeof node[key] === 'object' && node[key] !== null ? [formulaKind(node[key] as { kind: string })] : [],
  );
  return parts.length === 0 ? node.kind : `${node.kind}(${[...new Set(parts)].join(',')})`;
}

// ---------------------------------------------------------------------------------------------
// The parent: one fresh database and one child per kind, then the tables.

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const options: ChildOptions = {
    events: Number(values.events),
    seed: Number(values.seed),
    runs: Math.max(1, Number(values.runs)),
    end: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
  };
  if (!(options.events > 0)) throw new Error('--events expects a positive number');
  const kinds = (values.only ? [values.only] : ['sqlite', 'postgresql']) as Kind[];
  console.log(`query bench: ${fmt(options.events)} events over 90 days (seed ${options.seed}), ${options.runs} runs per figure`);
  for (const kind of kinds) {
    if (kind === 'postgresql' && !(await pgAdmin('SELECT 1').then(() => true, () => false))) {
      console.log(`postgresql: ${PG_SERVER} does not answer, skipped`);
      continue;
    }
    const figures = await benchDatabase(kind, options, values.keep);
    printFigures(figures, options);
  }
}

async function benchDatabase(kind: Kind, options: ChildOptions, keep: boolean): Promise<DatabaseFigures> {
  const folder = mkdtempSync(join(tmpdir(), 'caro-bench-q-'));
  const pgName = `caro_bench_q_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const databaseUrl = kind === 'sqlite' ? `file:${join(folder, 'bench.db')}` : `${PG_SERVER}/${pgName}`;
  const cleanup = async () => {
    if (keep) return console.log(`kept: DATABASE_URL=${databaseUrl} CARO_DATA_DIR=${join(folder, 'data')}`);
    if (kind === 'postgresql') await pgAdmin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    rmSync(folder, { recursive: true, force: true });
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    if (kind === 'postgresql') await pgAdmin(`CREATE DATABASE ${pgName}`);
    const { SESSION_HASH_SECRET: _secret, ...inherited } = process.env;
    const childProcess = fork(fileURLToPath(import.meta.url), ['child', JSON.stringify(options)], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...inherited,
        DATABASE_URL: databaseUrl,
        CARO_DATA_DIR: join(folder, 'data'),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        // The one all-metrics request is bigger than a client's: lift the query limits so that the
        // figure is the engine's, whatever the catalogue's size.
        MAX_QUERY_ALIASES: '10000',
        MAX_QUERY_COST: '100000000',
        MAX_QUERY_TOKENS: '1000000',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let figures: DatabaseFigures | null = null;
    childProcess.on('message', (message) => (figures = message as DatabaseFigures));
    const code = await new Promise<number | null>((resolve) => childProcess.on('exit', resolve));
    if (code !== 0 || figures === null) throw new Error(`the ${kind} bench child exited with ${code}`);
    return figures;
  } finally {
    process.off('SIGINT', interrupted);
    await cleanup();
  }
}

function printFigures(f: DatabaseFigures, options: ChildOptions): void {
  const r = f.records;
  const others = r.surveys + r.audits + r.gauges + r.subscriptions;
  console.log(`\n${f.kind}: ${fmt(r.events)} events (${fmt(f.sessions)} sessions), ${fmt(r.surveys)} surveys, ${fmt(r.audits)} audits, ${fmt(r.gauges)} gauges, ${fmt(r.subscriptions)} subscription events`);
  console.log(`  load through ingest(), batches of 1 000: ${fmt(r.events / f.eventIngestSeconds)} events/s (${f.eventIngestSeconds.toFixed(1)} s in ingest() for events; ` +
    `${fmt((r.events + others) / f.ingestSeconds)} records/s over all kinds; wall ${f.wallSeconds.toFixed(1)} s with generation)`);
  console.log(`  after load: ${f.maintenance}`);
  const header = ['metric', 'formula', '7d median', '7d first', '30d median', '30d first', 'stmts', 'value (30d)'];
  const rows = f.metrics.map((m) => [
    m.id, m.kind, fmtMs(m.byWindow[7].median), fmtMs(m.byWindow[7].first), fmtMs(m.byWindow[30].median), fmtMs(m.byWindow[30].first),
    String(m.byWindow[30].statements), m.value === null ? 'null' : Number(m.value.toPrecision(4)).toString(),
  ]);
  const g = f.graphql;
  rows.push([`ALL ${g.fields} metrics, GraphQL`, 'series DAY + segments', '', '', fmtMs(g.median), fmtMs(g.first), String(g.statements), g.errors.length === 0 ? 'ok' : `${g.errors.length} errors`]);
  for (const d of f.dashboards) {
    rows.push([`dashboard ${d.id} (${d.panels} panels)`, 'default window, GraphQL', '', '', fmtMs(d.median), fmtMs(d.first), String(d.statements), d.errors.length === 0 ? 'ok' : `${d.errors.length} errors`]);
  }
  printTable(header, rows);
  for (const error of [...g.errors, ...f.dashboards.flatMap((d) => d.errors)].slice(0, 5)) console.log(`  GraphQL error ${error}`);
  console.log(`  (times in ms; median of ${options.runs} runs and the first run; stmts = SQL statements per run)`);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`  ${line(header)}\n  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}

const pgAdmin = (text: string) => pgAdminOn(PG_SERVER, text);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (ms: number) => (ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms.toFixed(1));

// Last, so that every const above is initialized.
if (process.argv[2] === 'child') {
  const figures = await child(JSON.parse(process.argv[3]!) as ChildOptions);
  process.send!(figures, () => process.exit(0));
} else {
  await main();
}
