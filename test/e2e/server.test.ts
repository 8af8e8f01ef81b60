/**
 * End to end (issue #2): starts the real server as the README does (`npm start` = `tsx src/server.ts`)
 * on a fresh database of the project's kind, ingests over HTTP, stops it with SIGTERM, starts it
 * again on the same database and finds the data, the migration history and the session-hash secret
 * as they were. Also: SIGTERM while a large batch is in flight still answers that batch in full.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GraphQLClient } from 'graphql-request';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pgAdmin, TEST_PG_URL } from '../support/database.js';
import { IngestionStats, send } from '../support/ingestion.js';
import { event, gauge, survey } from '../support/records.js';
import { startServer as startServerProcess } from '../support/server-process.js';

const kind = process.env.CARO_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';
const root = join(import.meta.dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'caro-e2e-'));
const pgDatabase = `caro_e2e_${randomUUID().replaceAll('-', '')}`;
const databaseUrl = kind === 'postgresql' ? `${TEST_PG_URL}/${pgDatabase}` : `file:${join(folder, 'caro.db')}`;
const dataDir = join(folder, 'data');
const migrationsDir = join(root, kind === 'postgresql' ? 'prisma/postgresql/migrations' : 'prisma/migrations');

/** The committed migrations of this provider, in the order they apply. */
const migrationNames = () =>
  readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** Runs one query on the e2e database, outside the server. */
async function query<Row>(text: string): Promise<Row[]> {
  if (kind === 'sqlite') {
    const sqlite = new Database(databaseUrl.slice('file:'.length), { readonly: true });
    try {
      return sqlite.prepare(text).all() as Row[];
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows as Row[];
  } finally {
    await client.end();
  }
}

interface RunningServer {
  url: string;
  process: ChildProcess;
  logs: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** `npm start` with a fresh environment (no test secret: the server makes and keeps its own). */
async function startServer(): Promise<RunningServer> {
  const server = await startServerProcess({
    SESSION_HASH_SECRET: undefined,
    MAX_BODY_BYTES: undefined,
    RETENTION_DAYS: undefined,
    NODE_OPTIONS: undefined,
    DATABASE_URL: databaseUrl,
    CARO_DATA_DIR: dataDir,
  });
  if (server.ended()) throw new Error(`the server exited before it was healthy:\n${server.logs()}`);
  if ((await fetch(`${server.url}/health`).then((r) => r.status, () => 0)) !== 200) {
    server.child.kill('SIGKILL');
    throw new Error(`the server was not healthy within 60 s:\n${server.logs()}`);
  }
  return { url: server.url, process: server.child, logs: server.logs, exited: server.exited };
}

async function stop(server: RunningServer): Promise<number | null> {
  server.process.kill('SIGTERM');
  return server.exited;
}

const clientOf = (server: RunningServer) => new GraphQLClient(`${server.url}/graphql`);

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
  applied_steps_count: number | string;
}

describe(`the server as \`npm start\` runs it (${kind}) (#2)`, () => {
  let running: RunningServer | undefined;

  beforeAll(async () => {
    if (kind === 'postgresql') await pgAdmin((c) => c.query(`CREATE DATABASE ${pgDatabase}`));
  });

  afterAll(async () => {
    if (running && running.process.exitCode === null) running.process.kill('SIGKILL');
    if (kind === 'postgresql') await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`));
    rmSync(folder, { recursive: true, force: true });
  });

  const alice = randomUUID();
  const batch = [event({ sessionId: alice }), event({ sessionId: alice, eventType: 'COMMAND_EXECUTED' }), event()];
  const response = survey({ sessionId: alice, survey: 'CSAT', score: 5 });
  const stars = gauge({ source: 'github', name: 'stars', value: 4321 });

  it('applies the migrations to a fresh database before serving, then ingests over HTTP', async () => {
    running = await startServer();
    const client = clientOf(running);
    expect(await send.events(client, batch)).toEqual({ accepted: 3, duplicates: 0, rejected: 0, errors: [] });
    expect(await send.surveys(client, [response])).toMatchObject({ accepted: 1 });
    expect(await send.gauges(client, [stars])).toMatchObject({ accepted: 1 });
    const { ingestionStats } = await client.request(IngestionStats);
    expect(ingestionStats.telemetryEvents.count).toBe(3);
    expect(ingestionStats.surveyResponses.count).toBe(1);
    expect(ingestionStats.gaugeObservations.count).toBe(1);
    expect(running.logs()).toContain('"msg":"applied migrations"');
    // Once listening, the query engine warms up in the background (src/server/warm-up.ts).
    expect(running.logs()).toContain('"warmUpRounds":2');
    await vi.waitFor(() => expect(running!.logs()).toContain('"msg":"query engine warmed up"'), { timeout: 20_000, interval: 100 });
  }, 60_000);

  it('exits 0 on SIGTERM', async () => {
    expect(await stop(running!)).toBe(0);
    expect(running!.logs()).toContain('"msg":"stopped"');
  }, 30_000);

  it('recorded each migration in _prisma_migrations as Prisma does', async () => {
    const names = migrationNames();
    expect(names.some((name) => name.endsWith('_init'))).toBe(true);
    const rows = await query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const script = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  it('kept the session-hash secret it generated in CARO_DATA_DIR', () => {
    expect(existsSync(join(dataDir, 'session-hash.key'))).toBe(true);
  });

  it('after a restart on the same database: the data is there, nothing is re-applied, retries are duplicates', async () => {
    running = await startServer();
    const client = clientOf(running);
    const { ingestionStats } = await client.request(IngestionStats);
    expect(ingestionStats.telemetryEvents.count).toBe(3);
    expect(ingestionStats.surveyResponses.count).toBe(1);
    expect(ingestionStats.gaugeObservations.count).toBe(1);
    expect(await send.events(client, batch)).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await send.gauges(client, [stars])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(running.logs()).not.toContain('applied migrations');
    expect(await query('SELECT migration_name FROM _prisma_migrations')).toHaveLength(migrationNames().length);

    // Same secret after the restart: a new event of the same session gets the same hash.
    const later = event({ sessionId: alice });
    expect(await send.events(client, [later])).toMatchObject({ accepted: 1 });
    const hashes = await query<{ session_hash: string }>(
      `SELECT DISTINCT session_hash FROM telemetry_events WHERE event_id IN ('${batch[0]!.eventId}', '${later.eventId}')`,
    );
    expect(hashes).toHaveLength(1);
    expect(hashes[0]!.session_hash).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('answers 413 over HTTP to a body over 1 MiB, with Content-Length or chunked', async () => {
    const body = JSON.stringify({ query: '{ ingestionStats { telemetryEvents { count } } }', padding: 'x'.repeat(1_048_576) });
    const headers = { 'content-type': 'application/json' };
    const sized = await fetch(`${running!.url}/graphql`, { method: 'POST', headers, body });
    expect(sized.status).toBe(413);
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 65_536) controller.enqueue(bytes.subarray(offset, offset + 65_536));
        controller.close();
      },
    });
    const chunked = await fetch(`${running!.url}/graphql`, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    // The server is still healthy afterwards.
    expect((await fetch(`${running!.url}/health`)).status).toBe(200);
  });

  it('SIGTERM while a batch of 1 000 is in flight: the batch is answered in full, then the process exits 0', async () => {
    const events = Array.from({ length: 1000 }, () => event());
    const body = JSON.stringify({
      query: 'mutation ($events: [TelemetryEventInput!]!) { ingestEvents(events: $events) { accepted duplicates rejected } }',
      variables: { events },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${running!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      // The signal goes out as soon as the whole body has been handed to the socket.
      req.end(body, () => running!.process.kill('SIGTERM'));
    });
    const [{ status, text }, code] = await Promise.all([
      answer.catch((error: Error) => ({ status: 0, text: String(error) })),
      running!.exited,
    ]);
    // Known failure (#2): under the tsx CLI, tsx relays SIGTERM and then SIGKILLs the server when
    // its event loop, busy with the batch, does not acknowledge the signal within 30 ms (exit 143).
    expect(code, `exit code; server log:\n${running!.logs()}`).toBe(0);
    expect(status, text).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { ingestEvents: { accepted: 1000, duplicates: 0, rejected: 0 } } });
    const [row] = await query<{ n: unknown }>('SELECT COUNT(*) AS n FROM telemetry_events');
    // 3 events of the first run + 1 after the restart + this batch of 1 000.
    expect(Number(row!.n)).toBe(1004);
  }, 60_000);
});
