/**
 * The issue #11 probe as a suite: 40 concurrent clients ingest through the real server (pairs of them
 * send the very same batch at the same time, so ids collide across clients); the server is killed
 * with SIGKILL in the middle of that three times and restarted on the same database; then it is
 * stopped with SIGTERM under the same load. Afterwards: every acknowledged record is stored, every
 * batch is stored whole or not at all, and no id is stored twice. The figures go to the test output.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { sql } from '../../src/sql/fragment.js';
import { event } from '../support/records.js';
import { INGEST_EVENTS, type ServerProcess, startServer } from '../support/server-process.js';

const CLIENTS = 40;
const BATCH = 50;
const KILLS = 3;
const LOAD_MS = 1500;

const dataDir = mkdtempSync(join(tmpdir(), 'caro-load-'));
let server: ServerProcess | undefined;
afterAll(() => {
  if (server && !server.ended()) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Sent {
  ids: string[];
  /** accepted + duplicates of each answer that acknowledged the batch (HTTP 200, all of it counted). */
  acknowledged: { accepted: number; duplicates: number }[];
  /** Answers that were not an acknowledgement: refused connections, resets, 5xx. */
  failures: number;
}

const batches: Sent[] = [];
const figures = { requests: 0, acknowledged: 0, failures: 0, kills: 0, restarts: 0, latencies: [] as number[] };

async function send(url: string, batch: Sent): Promise<void> {
  const started = performance.now();
  figures.requests += 1;
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: INGEST_EVENTS, variables: { e: batch.ids.map((eventId) => event({ eventId })) } }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { data?: { ingestEvents?: { accepted: number; duplicates: number; rejected: number } } };
    const result = body.data?.ingestEvents;
    if (response.status === 200 && result && result.rejected === 0 && result.accepted + result.duplicates === BATCH) {
      batch.acknowledged.push({ accepted: result.accepted, duplicates: result.duplicates });
      figures.acknowledged += 1;
      figures.latencies.push(performance.now() - started);
      return;
    }
  } catch {
    // Connection refused or reset: the server is down. Not acknowledged.
  }
  batch.failures += 1;
  figures.failures += 1;
}

/**
 * CLIENTS clients in pairs, each pair sending the same new batch at once, for LOAD_MS and until
 * CLIENTS / 2 batches were acknowledged (a busy machine answers slower: the fault must still strike a
 * server that was taking batches); then no new batch starts, `fault` strikes the batches still in
 * flight, and their answers (or failures) are awaited.
 */
async function load(url: string, fault: () => Promise<unknown>): Promise<void> {
  let stop = false;
  const acknowledgedBefore = figures.acknowledged;
  const clients = Promise.all(
    Array.from({ length: CLIENTS / 2 }, async () => {
      while (!stop) {
        const batch: Sent = { ids: Array.from({ length: BATCH }, () => randomUUID()), acknowledged: [], failures: 0 };
        batches.push(batch);
        await Promise.all([send(url, batch), send(url, batch)]);
      }
    }),
  );
  const started = performance.now();
  while (performance.now() - started < LOAD_MS || figures.acknowledged - acknowledgedBefore < CLIENTS / 2) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stop = true;
  await fault();
  await clients;
}

const start = () =>
  startServer({ DATABASE_URL: process.env.DATABASE_URL, CARO_DATA_DIR: dataDir, PURGE_SCHEDULE: 'off', RATE_LIMIT_PER_ADDRESS: '0', LOG_LEVEL: 'warn' });

describe(`${CLIENTS} clients, ${KILLS} × kill -9, then SIGTERM under load: no acknowledged record lost, no batch half stored (#11)`, () => {
  it('survives', async () => {
    for (let cycle = 0; cycle < KILLS; cycle += 1) {
      server = await start();
      figures.restarts += cycle > 0 ? 1 : 0;
      const running = server;
      await load(running.url, async () => {
        running.child.kill('SIGKILL');
        await running.exited;
        figures.kills += 1;
      });
    }
    server = await start();
    figures.restarts += 1;
    const last = server;
    let exitCode: number | null = -1;
    await load(last.url, async () => {
      last.child.kill('SIGTERM');
      exitCode = await last.exited;
    });
    expect(exitCode, last.logs()).toBe(0);
  }, 240_000);

  it('every acknowledged batch is stored whole; every other batch is stored whole or not at all; no id twice', async () => {
    const stored = new Set(
      (await db.sql.query<{ event_id: string }>(sql`SELECT event_id FROM telemetry_events`)).map((row) => row.event_id),
    );
    const [{ n }] = (await db.sql.query<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM telemetry_events`)) as [{ n: unknown }];
    let lost = 0;
    let halfStored = 0;
    let storedBatches = 0;
    for (const batch of batches) {
      const present = batch.ids.filter((id) => stored.has(id)).length;
      if (present !== 0 && present !== BATCH) halfStored += 1;
      if (present === BATCH) storedBatches += 1;
      if (batch.acknowledged.length > 0) lost += BATCH - present;
    }
    const acceptedTotal = batches.flatMap((b) => b.acknowledged).reduce((sum, a) => sum + a.accepted, 0);
    const sortedLatencies = [...figures.latencies].sort((a, b) => a - b);
    const p = (q: number) => Math.round(sortedLatencies[Math.floor(q * (sortedLatencies.length - 1))] ?? 0);
    console.info(
      `load (${db.dialect}): ${CLIENTS} concurrent clients, ${batches.length} batches of ${BATCH} (${figures.requests} requests, each batch sent twice at once), ` +
        `${figures.acknowledged} acknowledged (latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms), ${figures.failures} cut by ${figures.kills} kill -9 and 1 SIGTERM; ` +
        `${Number(n)} events stored from ${storedBatches} whole batches; acknowledged records lost: ${lost}; batches half stored: ${halfStored}`,
    );
    expect(figures.kills).toBe(KILLS);
    expect(figures.acknowledged).toBeGreaterThan(CLIENTS);
    expect(figures.failures).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(halfStored).toBe(0);
    // The primary key would refuse a second copy; the count says so too.
    expect(Number(n)).toBe(stored.size);
    expect(stored.size).toBe(storedBatches * BATCH);
    // Both copies of a pair acknowledged: one stored the batch, the other found duplicates.
    expect(acceptedTotal).toBeLessThanOrEqual(stored.size);
  });
});
