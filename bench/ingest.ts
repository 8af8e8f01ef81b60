/**
 * Ingestion throughput: events/s through HTTP GraphQL (`ingestEvents`, batches of 1 000) beside the
 * raw driver on the same kind of database in the same run, and their ratio. Goal (issue #2): HTTP
 * reaches at least 0.35 of the raw driver on SQLite.
 *
 *   npm run bench:ingest                          # SQLite and PostgreSQL, best of 3 runs of 50 batches × 1 000, 4 in flight
 *   npm run bench:ingest -- --runs 1 --batches 20 --concurrency 2 --only sqlite
 *   npm run bench:ingest -- --profile             # also writes a CPU profile of each server (path printed)
 *
 * Each database is fresh: temporary SQLite files, or PostgreSQL databases caro_bench_<random>_{raw,http} on
 * $CARO_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432) that is dropped at the end.
 * The server runs in a child process (src/db.ts opens one database per process), started from this
 * file with `serve`: the app of src/yoga.ts on node:http, port 0, as src/server.ts serves it. The
 * request bodies are serialized before the clock starts, so the figure is the server's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BATCH, type BenchEvent, events, type Kind, openRawDriver } from './support/raw-driver.js';
import { pgAdmin as pgAdminOn } from './support/pg-admin.js';

const PG_SERVER = process.env.CARO_BENCH_PG_URL ?? process.env.CARO_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const GOAL = 0.35;

// ---------------------------------------------------------------------------------------------
// The server child: environment first, then the app (src/env.ts parses it at import).

async function serve(): Promise<void> {
  const { createServer } = await import('node:http');
  const { db } = await import('../src/db.js');
  const { applyMigrations } = await import('../src/sql/migrate.js');
  const { yoga } = await import('../src/yoga.js');
  await applyMigrations(db.sql);
  const server = createServer(yoga);
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('message', (message) => {
    if (message !== 'stop') return;
    server.close(async () => {
      await db.close();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}

// ---------------------------------------------------------------------------------------------
// The driver.

/** Rates per run; the table shows the best run of each path (the least disturbed by other load). */
interface Figures {
  kind: Kind;
  http: number[];
  raw: number[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      batches: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '4' },
      only: { type: 'string' },
      runs: { type: 'string', default: '3' },
      profile: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const batches = Number(values.batches);
  const concurrency = Number(values.concurrency);
  const kinds = (values.only ? [values.only] : ['sqlite', 'postgresql']) as Kind[];
  log(`ingest bench: ${runs} runs of ${batches} batches × ${BATCH} events over HTTP, ${concurrency} in flight; raw driver, one transaction per ${BATCH} rows`);

  const results: Figures[] = [];
  for (const kind of kinds) {
    if (kind === 'postgresql' && !(await pgReachable())) {
      log(`postgresql: ${PG_SERVER} does not answer, skipped`);
      continue;
    }
    results.push(await benchDatabase(kind, { runs, batches, concurrency, profile: values.profile }));
  }
  printTable(results);
}

interface Plan {
  runs: number;
  batches: number;
  concurrency: number;
  profile: boolean;
}

/** Alternates raw and HTTP runs, so that load from elsewhere on the machine hits both alike. */
async function benchDatabase(kind: Kind, { runs, batches, concurrency, profile }: Plan): Promise<Figures> {
  const folder = mkdtempSync(join(tmpdir(), 'caro-bench-'));
  const pgName = `caro_bench_${randomUUID().replaceAll('-', '')}`;
  const url = (name: string) => (kind === 'sqlite' ? `file:${join(folder, `${name}.db`)}` : `${PG_SERVER}/${pgName}_${name}`);
  const figures: Figures = { kind, http: [], raw: [] };
  try {
    if (kind === 'postgresql') for (const name of ['raw', 'http']) await pgAdmin(`CREATE DATABASE ${pgName}_${name}`);
    log(`${kind}: starting the server…`);
    const server = await startServer(url('http'), join(folder, 'data'), profile ? mkdtempSync(join(tmpdir(), `caro-bench-profile-${kind}-`)) : null);
    const raw = await openRawDriver(kind, url('raw'));
    try {
      const endpoint = `http://127.0.0.1:${server.port}/graphql`;
      await post(endpoint, bodyOf(events(BATCH))); // warm-up, not counted
      for (let run = 1; run <= runs; run++) {
        figures.raw.push(await raw.measure(batches, (done) => progress(`${kind} raw, run ${run}`, done, batches)));
        figures.http.push(await httpRate(endpoint, batches, concurrency, (done) => progress(`${kind} HTTP, run ${run}`, done, batches)));
        log(`${kind} run ${run}/${runs}: raw ${fmt(figures.raw.at(-1)!)} rows/s, HTTP ${fmt(figures.http.at(-1)!)} events/s`);
      }
      return figures;
    } finally {
      await raw.close();
      await server.stop();
    }
  } finally {
    if (kind === 'postgresql') for (const name of ['raw', 'http']) await pgAdmin(`DROP DATABASE IF EXISTS ${pgName}_${name} WITH (FORCE)`);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Events/s of `batches` fresh batches, `concurrency` requests in flight; bodies serialized before the clock starts. */
async function httpRate(endpoint: string, batches: number, concurrency: number, onProgress: (done: number) => void): Promise<number> {
  const bodies = Array.from({ length: batches }, () => bodyOf(events(BATCH)));
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const result = await post(endpoint, bodies[next++]!, agent);
        if (result.accepted !== BATCH) throw new Error(`a batch stored ${result.accepted} of ${BATCH}: ${JSON.stringify(result)}`);
        onProgress(++done);
      }
    }),
  );
  const rate = (batches * BATCH) / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}

// ---------------------------------------------------------------------------------------------
// HTTP.

const MUTATION = 'mutation ($events: [TelemetryEventInput!]!) { ingestEvents(events: $events) { accepted duplicates rejected } }';
const bodyOf = (batch: BenchEvent[]) => JSON.stringify({ query: MUTATION, variables: { events: batch } });

/**
 * One request over `agent`. Each run has its own keep-alive agent, destroyed after it: a connection
 * left idle during the raw run would otherwise race the server's keep-alive timeout on reuse.
 */
function post(endpoint: string, body: string, agent?: Agent): Promise<{ accepted: number }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = httpRequest(endpoint, { method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const json = JSON.parse(text) as { data?: { ingestEvents: { accepted: number } }; errors?: unknown };
        if (json.data) resolve(json.data.ingestEvents);
        else reject(new Error(`HTTP ${res.statusCode}: ${JSON.stringify(json.errors)}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Plumbing.

async function startServer(databaseUrl: string, dataDir: string, profileDir: string | null) {
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve'], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      CARO_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SESSION_HASH_SECRET: createHash('sha256').update(randomUUID()).digest('hex'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const port = await Promise.race([
    new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port))),
    exited.then((code) => Promise.reject(new Error(`the bench server exited with ${code} before listening`))),
  ]);
  return {
    port,
    async stop() {
      child.send('stop');
      await exited;
      if (profileDir) log(`CPU profile written to ${profileDir}`);
    },
  };
}

const pgAdmin = (text: string) => pgAdminOn(PG_SERVER, text);

async function pgReachable(): Promise<boolean> {
  return pgAdmin('SELECT 1').then(() => true, () => false);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (line: string) => {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  console.log(line);
};

/** One line per phase; on a terminal, a counter that rewrites itself. */
function progress(phase: string, done: number, total: number): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K  ${phase}: ${done}/${total} batches`);
}

function printTable(results: Figures[]): void {
  const best = (rates: number[]) => Math.max(...rates);
  const rows = results.map((r) => [
    r.kind,
    fmt(best(r.http)),
    fmt(best(r.raw)),
    (best(r.http) / best(r.raw)).toFixed(2),
    r.http.map((h, i) => (h / r.raw[i]!).toFixed(2)).join(' '),
  ]);
  const header = ['database', 'HTTP events/s', 'raw rows/s', 'HTTP/raw', 'per run'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nbest run of each path (per run: that run's HTTP/raw)\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  const sqlite = results.find((r) => r.kind === 'sqlite');
  if (sqlite) {
    const ratio = best(sqlite.http) / best(sqlite.raw);
    console.log(`\nSQLite goal HTTP/raw ≥ ${GOAL}: ${ratio >= GOAL ? '✅ met' : '⚠️ missed'} (${ratio.toFixed(2)})`);
  }
}
// Last, so that every const above is initialized.
if (process.argv[2] === 'serve') await serve();
else await main();
