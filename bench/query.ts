/**
 * Query speed on a realistic database, side by side in one run: N synthetic events over 90 days
 * (scripts/demo/synthetic.ts, with surveys, audits, gauges and subscriptions in proportion), then
 * - this server over HTTP (`npm start`'s server, as a child process, timed once its warm-up is over;
 *   QUERY_WARM_UP_ROUNDS=0 times a cold server): each review dashboard over the last 7 and last 30
 *   days, and all 60 metrics over 30 days with a DAY series and one split;
 * - hand-written SQL over the raw tables of the same database (bench/support/hand-sql.ts);
 * - DuckDB over a copy of the same raw rows, with the same hand-written SQL (bench/support/duckdb.ts);
 * each the median of `--runs` rounds (default 3), and the first round. While the server answers, a
 * prober asks `GET /live` every 20 ms: the longest answer is printed, as is the server's peak RSS.
 * Every number the server answers is compared with the hand-written SQL's (equal to 1e-9): the
 * contestants compute the same thing.
 *
 *   npm run bench:query                                  # SQLite and PostgreSQL, 1 000 000 events
 *   npm run bench:query -- --events 50000 --only sqlite  # a quick check
 *   npm run bench:query -- --events 10000000 --bulk      # load raw rows directly, then build the rollups
 *                                                        #   with the migration's backfill SQL
 *   npm run bench:query -- --keep                        # keep the databases (bench/support/query-explain.ts)
 *   npm run bench:query -- --reuse postgresql://…/caro_bench_q_x   # time a kept database again
 *
 * Loading goes through `ingest()` (the ingestion hot path minus HTTP, rollups included) unless
 * --bulk. Each database is fresh: a temporary SQLite file, or a PostgreSQL database
 * caro_bench_q_<random> on $CARO_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432), dropped
 * at the end. src/env.ts reads the environment at import, so loading runs in a child process.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { generateActivity, type ActivityBatch, type ActivityKind } from '../scripts/demo/synthetic.js';
import { REVIEW_WINDOW } from '../src/dashboards/define-dashboard.js';
import { copyToDuckDb, postgresRows, sqliteRows } from './support/duckdb.js';
import { diffAnswers, graphqlAnswers, handAnswers, handSql, type GraphqlPanel, type HandAnswer, type HandDialect, type HandRequest } from './support/hand-sql.js';
import { pgAdmin as pgAdminOn } from './support/pg-admin.js';

type Kind = 'sqlite' | 'postgresql';
const PG_SERVER = process.env.CARO_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DAY_MS = 86_400_000;
const root = fileURLToPath(new URL('../', import.meta.url));
const DASHBOARDS = ['growth', 'engagement', 'quality', 'satisfaction'] as const;

interface LoadOptions {
  events: number;
  seed: number;
  bulk: boolean;
  /** The generation's end and ingestion receive time (ISO), the same for every database. */
  end: string;
}

interface LoadFigures {
  records: Record<ActivityKind, number>;
  sessions: number;
  seconds: number;
  rollupSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// The loading child: environment set by the parent, then the app's modules.

async function load(options: LoadOptions): Promise<LoadFigures> {
  const { db } = await import('../src/db.js');
  const { env } = await import('../src/env.js');
  const { applyMigrations } = await import('../src/sql/migrate.js');
  const { ingest } = await import('../src/ingestion/ingest.js');
  const kinds = await import('../src/ingestion/record-kinds.js');
  const { backfill } = await import('../src/rollups/maintain.js');
  const { createSessionHasher, loadSessionSecret } = await import('../src/privacy/session-hash.js');
  await applyMigrations(db.sql);
  const end = new Date(options.end);
  const hashSession = createSessionHasher(loadSessionSecret({ secret: env.SESSION_HASH_SECRET, dataDir: env.CARO_DATA_DIR }));
  const ingestOptions = { driver: db.sql, hashSession, retentionDays: env.RETENTION_DAYS, receivedAt: end };
  // --bulk: events go in without their rollups, which the migration's backfill SQL then builds.
  const eventKind = options.bulk ? { ...kinds.telemetryEvents, afterInsert: undefined } : kinds.telemetryEvents;
  const kindOf = { events: eventKind, surveys: kinds.surveyResponses, audits: kinds.safetyAudits, gauges: kinds.gaugeObservations, subscriptions: kinds.subscriptionEvents };
  const bar = new cliProgress.SingleBar(
    { format: `  ${db.dialect} load {bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`, noTTYOutput: true, notTTYSchedule: 15_000, etaBuffer: 100 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.events, 0, { rate: '-' });
  const started = performance.now();
  let events = 0;
  const generator = generateActivity({ seed: options.seed, days: 90, end, targetEvents: options.events });
  let step = generator.next();
  while (!step.done) {
    const batch: ActivityBatch = step.value;
    const result = await ingest(kindOf[batch.kind] as typeof kinds.telemetryEvents, batch.records, ingestOptions);
    if (result.accepted !== batch.records.length) throw new Error(`a ${batch.kind} batch stored ${result.accepted} of ${batch.records.length}`);
    if (batch.kind === 'events') {
      events += batch.records.length;
      bar.update(Math.min(events, options.events), { rate: Math.round(events / ((performance.now() - started) / 1000)).toLocaleString('en-US') });
    }
    // better-sqlite3 is synchronous: let the progress bar's timer run between batches.
    await new Promise((resolve) => setImmediate(resolve));
    step = generator.next();
  }
  bar.setTotal(events);
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const t0 = performance.now();
  if (options.bulk) for (const statement of backfill(db.dialect)) await db.sql.execute(statement);
  const rollupSeconds = (performance.now() - t0) / 1000;
  // Autovacuum would analyze the fresh tables shortly: do it now, so that every run sees the same plans.
  if (db.dialect === 'postgresql') await db.sql.runScript('VACUUM ANALYZE');
  else await db.sql.runScript('ANALYZE');
  await db.close();
  return { records: step.value.records, sessions: step.value.sessions, seconds, rollupSeconds };
}

// ---------------------------------------------------------------------------------------------
// The server, as `npm start` runs it, and the /live prober.

interface Server {
  url: string;
  process: ChildProcess;
  /** Peak resident memory so far, in MB (VmHWM: the process and its worker threads). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  // Timed once listening and warmed up (src/server/warm-up.ts), as a server is when users come.
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    let listening: { url: string; warmUpRounds: number } | null = null;
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string; warmUpRounds?: number; requests?: number; ms?: number; errors?: string[] };
        if (entry.msg === 'caro-metrics listening') {
          listening = { url: entry.url!, warmUpRounds: entry.warmUpRounds ?? 0 };
          if (listening.warmUpRounds === 0) {
            console.log('  server warm-up: off (QUERY_WARM_UP_ROUNDS=0): the first rounds are a cold server\'s');
            resolve(listening.url);
          }
        } else if (entry.msg?.startsWith('query engine warm') && listening) {
          const outcome = entry.msg === 'query engine warmed up' ? '' : ` (${entry.msg}: ${JSON.stringify(entry.errors ?? entry)})`;
          console.log(`  server warm-up: ${entry.requests ?? 0} dashboard requests in ${fmtMs(entry.ms ?? 0)} ms${outcome}`);
          resolve(listening.url);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  child.stdout!.resume();
  return {
    url,
    process: child,
    peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Asks GET /live every 20 ms; `worst()` is the longest answer since the last `reset()`. */
function probeLive(url: string) {
  let worst = 0;
  let stopped = false;
  const liveUrl = url.replace(/\/graphql$/, '/live');
  void (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await fetch(liveUrl).then((r) => r.arrayBuffer()).catch(() => undefined);
      worst = Math.max(worst, performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return { worst: () => worst, reset: () => (worst = 0), stop: () => (stopped = true) };
}

// ---------------------------------------------------------------------------------------------
// The requests, as a dashboard frontend sends them, and their hand-written twins.

interface BenchRequest {
  name: string;
  graphql: string;
  /** Its twin for the baselines; `now` is set to the server's request time. */
  hand: HandRequest;
}

function requestsFor(end: Date): BenchRequest[] {
  const requests: BenchRequest[] = [];
  for (const days of [7, 30]) {
    const window = { from: new Date(end.getTime() - days * DAY_MS), to: end };
    for (const id of DASHBOARDS) {
      requests.push({
        name: `${id} dashboard, last ${days} days`,
        // cohort: WINDOW: cohort panels over the window's own cohort, as the hand-written SQL computes them.
        graphql: `{ dashboard(id: "${id}", cohort: WINDOW, window: { from: "${window.from.toISOString()}", to: "${end.toISOString()}" }) {
          panels { result { value previousValue change status } segments { key value status } series { start value partial } } } }`,
        hand: { kind: 'dashboard', id, window, now: end },
      });
    }
  }
  return requests;
}

async function allMetricsRequest(end: Date): Promise<BenchRequest> {
  const { registry } = await import('../src/registry/catalogue.js');
  const window = { from: new Date(end.getTime() - 30 * DAY_MS), to: end };
  const fields = registry.metrics.map((m, i) => {
    const split = m.segments.length > 0 ? ` segments(by: "${m.segments[0]}") { key value status }` : '';
    return `m${i}: metric(id: "${m.id}", window: $window) { id value previousValue change status series(granularity: DAY) { start value partial }${split} }`;
  });
  return {
    name: `all ${registry.metrics.length} metrics, 30 days, DAY series + one split`,
    graphql: JSON.stringify({
      query: `query All($window: TimeWindowInput!) {\n${fields.join('\n')}\n}`,
      variables: { window: { from: window.from.toISOString(), to: end.toISOString() } },
    }),
    hand: { kind: 'allMetrics', window, now: end },
  };
}

interface Timing {
  first: number;
  median: number;
  worstLiveMs?: number;
  errors?: number;
  answers?: HandAnswer[];
}

/** Runs `work` `runs` times; keeps the last run's answers and the errors of all. */
async function timed(runs: number, work: () => Promise<{ answers: HandAnswer[]; errors?: number }>): Promise<Timing> {
  const times: number[] = [];
  let errors = 0;
  let answers: HandAnswer[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const result = await work();
    times.push(performance.now() - t0);
    errors += result.errors ?? 0;
    answers = result.answers;
  }
  return { first: times[0]!, median: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!, errors, answers };
}

/** Asks the server; returns its answer in the baselines' shape, and how many errors it had. */
async function askServer(server: Server, request: BenchRequest): Promise<{ answers: HandAnswer[]; errors: number }> {
  // Cohort periods not over by the server's "now" are left out: the baselines take the same instant.
  request.hand.now = new Date();
  const body = request.graphql.startsWith('{"query"') ? request.graphql : JSON.stringify({ query: request.graphql });
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  const errors = json.errors?.length ?? (response.ok ? 0 : 1);
  // Which errors, by code: a figure with errors is not a speed.
  if (json.errors?.length) {
    const codes = new Map<string, number>();
    for (const e of json.errors) codes.set(e.extensions?.code ?? 'UNCODED', (codes.get(e.extensions?.code ?? 'UNCODED') ?? 0) + 1);
    console.log(`  ${request.name}: ${[...codes].map(([code, n]) => `${code} × ${n}`).join(', ')}; first: ${json.errors[0]!.message}`);
  }
  const data = json.data ?? {};
  const panels = request.hand.kind === 'dashboard' ? ((data.dashboard as { panels?: GraphqlPanel[] } | null)?.panels ?? []) : Object.values(data);
  return { answers: errors > 0 ? [] : graphqlAnswers(request.hand, panels as GraphqlPanel[]), errors };
}

interface Runner {
  run(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void> | void;
}

/** The bench's own connection to the database (never the server's), as the hand-written SQL's runner and the DuckDB copy's source. */
function openDatabase(kind: Kind, databaseUrl: string) {
  if (kind === 'sqlite') {
    const db = new Database(databaseUrl.replace(/^file:/, ''), { readonly: true });
    const runner: Runner = { run: async (text) => db.prepare(text).all() as Record<string, unknown>[], close: () => void db.close() };
    return { runner, rows: sqliteRows(db) };
  }
  // jit=off, as the server's own pools (src/db.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: '-c jit=off' });
  const runner: Runner = { run: async (text) => (await pool.query(text)).rows as Record<string, unknown>[], close: () => pool.end() };
  return { runner, rows: postgresRows(pool) };
}

// ---------------------------------------------------------------------------------------------
// The parent: one fresh database per kind, loaded by a child, then the three contestants.

async function benchDatabase(kind: Kind, options: LoadOptions & { runs: number; keep: boolean; reuse?: string }): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'caro-bench-q-'));
  const pgName = `caro_bench_q_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const databaseUrl = options.reuse ?? (kind === 'sqlite' ? `file:${join(folder, 'bench.db')}` : `${PG_SERVER}/${pgName}`);
  const cleanup = async () => {
    if (options.keep || options.reuse) return console.log(`kept: --reuse ${databaseUrl}`);
    if (kind === 'postgresql') await pgAdmin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    rmSync(folder, { recursive: true, force: true });
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  const { SESSION_HASH_SECRET: _secret, ...inherited } = process.env;
  const env = { ...inherited, DATABASE_URL: databaseUrl, CARO_DATA_DIR: join(folder, 'data'), NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  try {
    let end = new Date(options.end);
    if (options.reuse) {
      // The kept database's records were received at the generation's end.
      const { runner } = openDatabase(kind, databaseUrl);
      const [row] = await runner.run('SELECT MAX(received_at) AS t, COUNT(*) AS n FROM telemetry_events');
      await runner.close();
      end = new Date(row!.t instanceof Date ? row!.t.getTime() : Number(row!.t));
      console.log(`\n${kind}: ${fmt(Number(row!.n))} events, kept from an earlier run (${end.toISOString()})`);
    } else {
      if (kind === 'postgresql') await pgAdmin(`CREATE DATABASE ${pgName}`);
      const loaded = await runChild<LoadFigures>(['load', JSON.stringify(options)], env);
      const r = loaded.records;
      console.log(
        `\n${kind}: ${fmt(r.events)} events (${fmt(loaded.sessions)} sessions), ${fmt(r.surveys)} surveys, ${fmt(r.audits)} audits, ` +
          `${fmt(r.gauges)} gauges, ${fmt(r.subscriptions)} subscription events; loaded in ${loaded.seconds.toFixed(0)} s ` +
          `(${fmt(r.events / loaded.seconds)} events/s${options.bulk ? `, rollups built in ${loaded.rollupSeconds.toFixed(1)} s` : ', rollups kept at ingestion'})`,
      );
    }

    const requests = [...requestsFor(end), await allMetricsRequest(end)];
    const server = await startServer({
      ...env,
      PORT: '0',
      LOG_LEVEL: 'info',
      // Nothing else runs in the server while it is timed; the one all-metrics request is bigger than a client's.
      PURGE_SCHEDULE: 'off',
      // Every round computes: a cached answer would time the cache, not the engine.
      QUERY_CACHE_SECONDS: '0',
      ALERT_EVALUATION_CRON: '0 0 1 1 *',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_TOKEN: '0',
      MAX_QUERY_ALIASES: '10000',
      MAX_QUERY_COST: '100000000',
      MAX_QUERY_TOKENS: '1000000',
    });
    const live = probeLive(server.url);
    const serverTimes: Timing[] = [];
    try {
      for (const request of requests) {
        live.reset();
        const timing = await timed(options.runs, () => askServer(server, request));
        serverTimes.push({ ...timing, worstLiveMs: live.worst() });
        process.stdout.write(`  ${kind}: server ${request.name}: ${fmtMs(timing.median)} ms\n`);
      }
    } finally {
      live.stop();
    }
    const peakRss = server.peakRssMb();
    await server.stop();

    const source = openDatabase(kind, databaseUrl);
    const handTimes = await contestant(`${kind} hand SQL`, kind, source.runner, requests, options.runs);
    const duck = await copyToDuckDb(source.rows, { log: (line) => console.log(`  ${line}`) });
    await source.runner.close();
    const duckTimes = await contestant('duckdb', 'duckdb', { run: (text) => duck.run(text), close: () => duck.close() }, requests, options.runs);
    duck.close();

    printTable(kind, requests, serverTimes, handTimes, duckTimes, peakRss, options.runs);
    // The same numbers from all three, or the comparison means nothing.
    requests.forEach((request, i) => {
      for (const [label, other] of [['hand SQL', handTimes[i]!], ['DuckDB', duckTimes[i]!]] as const) {
        const mismatches = diffAnswers(other.answers ?? [], serverTimes[i]!.answers ?? []);
        if (mismatches.length > 0) console.log(`  MISMATCH ${request.name}, server vs ${label}: ${mismatches.length}, e.g. ${JSON.stringify(mismatches.slice(0, 3))}`);
      }
    });
  } finally {
    process.off('SIGINT', interrupted);
    await cleanup();
  }
}

/** Times the hand-written SQL of each request on `runner` (which stays open). */
async function contestant(label: string, dialect: HandDialect, runner: Runner, requests: readonly BenchRequest[], runs: number): Promise<Timing[]> {
  const times: Timing[] = [];
  for (const request of requests) {
    const statements = handSql(dialect, request.hand);
    const timing = await timed(runs, async () => {
      const results: Record<string, unknown>[][] = [];
      for (const statement of statements) results.push(await runner.run(statement));
      return { answers: handAnswers(request.hand, results) };
    });
    times.push(timing);
    process.stdout.write(`  ${label}: ${request.name}: ${fmtMs(timing.median)} ms\n`);
  }
  return times;
}

function printTable(kind: Kind, requests: readonly BenchRequest[], server: Timing[], hand: Timing[], duck: Timing[], peakRss: number, runs: number): void {
  const header = ['request', 'server', 'first', 'hand SQL', 'DuckDB', 'server/DuckDB', 'server/hand', 'longest /live'];
  const rows = requests.map((request, i) => [
    request.name,
    `${fmtMs(server[i]!.median)}${server[i]!.errors ? ` (${server[i]!.errors} errors)` : ''}`,
    fmtMs(server[i]!.first),
    fmtMs(hand[i]!.median),
    fmtMs(duck[i]!.median),
    (server[i]!.median / duck[i]!.median).toFixed(2),
    (server[i]!.median / hand[i]!.median).toFixed(2),
    `${fmtMs(server[i]!.worstLiveMs ?? 0)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${kind}: times in ms, median of ${runs} rounds (first: the first round)`);
  console.log(`  ${line(header)}\n  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(`  ${line(row)}`);
  const worstLive = Math.max(...server.map((t) => t.worstLiveMs ?? 0));
  console.log(`  longest /live answer during the run: ${fmtMs(worstLive)} ms; server peak RSS: ${Math.round(peakRss)} MB`);
}

function runChild<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const child = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: T | null = null;
    child.on('message', (message) => (result = message as T));
    child.on('exit', (code) => (code === 0 && result !== null ? resolve(result) : reject(new Error(`the bench child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      bulk: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
    },
  });
  const options = {
    events: Number(values.events),
    seed: Number(values.seed),
    runs: Math.max(1, Number(values.runs)),
    bulk: values.bulk,
    keep: values.keep,
    ...(values.reuse ? { reuse: values.reuse } : {}),
    end: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
  };
  if (!(options.events > 0)) throw new Error('--events expects a positive number');
  const kinds = (values.reuse ? [values.reuse.startsWith('file:') ? 'sqlite' : 'postgresql'] : values.only ? [values.only] : ['sqlite', 'postgresql']) as Kind[];
  console.log(`query bench: ${options.reuse ? 'a kept database' : `${fmt(options.events)} events over 90 days (seed ${options.seed})`}, ${options.runs} rounds per figure`);
  for (const kind of kinds) {
    if (kind === 'postgresql' && !(await pgAdmin('SELECT 1').then(() => true, () => false))) {
      console.log(`postgresql: ${PG_SERVER} does not answer, skipped`);
      continue;
    }
    await benchDatabase(kind, options);
  }
}

const pgAdmin = (text: string) => pgAdminOn(PG_SERVER, text);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (ms: number) => (ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms.toFixed(1));

// Last, so that every const above is initialized.
if (process.argv[2] === 'load') {
  const figures = await load(JSON.parse(process.argv[3]!) as LoadOptions);
  process.send!(figures, () => process.exit(0));
} else {
  await main();
}
