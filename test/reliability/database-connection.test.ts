/**
 * Issue #11, item 1 (and 14): the ingest-only server on PostgreSQL died with "Unhandled 'error' event
 * on BoundPool" when an idle pooled connection was lost. Here the real server runs on this file's
 * database; its connections are terminated, then the database refuses connections for a while. The
 * server must live on, answer 503 with Retry-After while the database is away, and ingest again
 * without a restart. On SQLite the same suite checks that a storage failure (a full disk) is a 503
 * too, through yoga.fetch with the failure injected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/db.js';
import { yoga } from '../../src/yoga.js';
import { pgAdmin } from '../support/database.js';
import { countRows } from '../support/ingestion.js';
import { event } from '../support/records.js';
import { INGEST_EVENTS, postGraphQL, type ServerProcess, startServer } from '../support/server-process.js';

const kind = process.env.CARO_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';
const databaseName = kind === 'postgresql' ? new URL(process.env.DATABASE_URL!).pathname.slice(1) : '';
const dataDir = mkdtempSync(join(tmpdir(), 'caro-connection-'));
let server: ServerProcess | undefined;

afterAll(async () => {
  if (server && !server.ended()) server.child.kill('SIGKILL');
  if (kind === 'postgresql') await pgAdmin((c) => c.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`));
  rmSync(dataDir, { recursive: true, force: true });
});

/** Terminates every connection to this file's database (the server's, and this process's own pool). */
const terminateBackends = () =>
  pgAdmin(async (c) => (await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [databaseName])).rowCount ?? 0);

describe.runIf(kind === 'postgresql')('a dropped PostgreSQL connection does not kill the server (#11)', () => {
  const ingestOne = () => postGraphQL(server!.url, INGEST_EVENTS, { e: [event()] });

  it('ingests, loses every connection, lives on, and ingests again without a restart', async () => {
    server = await startServer({ DATABASE_URL: process.env.DATABASE_URL, CARO_DATA_DIR: dataDir, PURGE_SCHEDULE: 'off' });
    expect((await ingestOne()).body).toEqual({ data: { ingestEvents: { accepted: 1, duplicates: 0, rejected: 0 } } });

    expect(await terminateBackends()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.ended(), server.logs()).toBe(false);
    expect(server.logs()).toContain('idle PostgreSQL connection lost');
    expect((await ingestOne()).body).toEqual({ data: { ingestEvents: { accepted: 1, duplicates: 0, rejected: 0 } } });
  }, 90_000);

  it('answers 503 with Retry-After and UNAVAILABLE while the database refuses connections, then recovers', async () => {
    await pgAdmin((c) => c.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`));
    await terminateBackends();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const refused = await ingestOne();
    expect([refused.status, refused.headers.get('retry-after'), refused.body.errors?.map((e) => e.extensions?.code)]).toEqual([503, '5', ['UNAVAILABLE']]);
    expect(JSON.stringify(refused.body)).not.toMatch(/accepting connections|pg_|caro_test/);
    expect((await fetch(`${server!.url}/health`)).status).toBe(503);
    expect((await fetch(`${server!.url}/live`)).status).toBe(200);

    await pgAdmin((c) => c.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`));
    expect((await ingestOne()).body).toEqual({ data: { ingestEvents: { accepted: 1, duplicates: 0, rejected: 0 } } });
    expect((await fetch(`${server!.url}/health`)).status).toBe(200);
    // One event before the drop, one after, one after the outage; the refused one was not stored.
    expect(await countRows('telemetry_events')).toBe(3);

    server!.child.kill('SIGTERM');
    expect(await server!.exited).toBe(0);
  }, 90_000);
});

describe('a storage failure is answered 503 with Retry-After, not a 200 with a masked error (#11)', () => {
  const failures = {
    sqlite: Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
    postgresql: Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }),
  };

  it(`a full disk during an insert (${kind})`, async () => {
    const spy = vi.spyOn(db.sql, 'insertNew').mockRejectedValueOnce(failures[kind]);
    try {
      const response = await yoga.fetch('http://caro.localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: INGEST_EVENTS, variables: { e: [event()] } }),
      });
      expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['UNAVAILABLE']);
      expect(body.errors[0]!.message).not.toMatch(/disk|space|SQLITE/);
    } finally {
      spy.mockRestore();
    }
  });

  it('an unexpected error that is not about storage stays a masked 200', async () => {
    const spy = vi.spyOn(db.sql, 'insertNew').mockRejectedValueOnce(new Error('column "x" does not exist'));
    try {
      const response = await yoga.fetch('http://caro.localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: INGEST_EVENTS, variables: { e: [event()] } }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    } finally {
      spy.mockRestore();
    }
  });
});
