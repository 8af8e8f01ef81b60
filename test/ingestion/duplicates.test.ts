/**
 * Idempotency and batch accounting (issue #2): a record whose id was seen before is a duplicate and
 * is never stored twice (within one batch, across batches, under concurrent batches); every batch
 * adds up (accepted + duplicates + rejected = size); over 1 000 records the call fails as a whole.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createTestClient } from '../support/client.js';
import { countRows, type IngestResult, requestErrors, send, sorted, storedIds } from '../support/ingestion.js';
import { audit, event, gauge, subscription, survey } from '../support/records.js';

const client = createTestClient();

describe('duplicates within one batch (#2)', () => {
  it('stores the first copy of an id and counts the others as duplicates', async () => {
    const a = event();
    const b = event();
    const copyOfA = { ...a, latencyMs: 999 };
    const result = await send.events(client, [a, b, a, copyOfA]);
    // 4 records, 2 distinct ids: a stored once, its 2 copies are duplicates.
    expect(result).toEqual({ accepted: 2, duplicates: 2, rejected: 0, errors: [] });
    expect(await storedIds('telemetry_events', [a.eventId, b.eventId])).toEqual(sorted([a.eventId, b.eventId]));
    const stored = await db.prisma.telemetryEvent.findUniqueOrThrow({ where: { eventId: a.eventId } });
    expect(stored.latencyMs).toBe(a.latencyMs);
  });

  it('an upper-case copy of an id is the same id', async () => {
    const a = event();
    const result = await send.events(client, [a, { ...a, eventId: a.eventId.toUpperCase() }]);
    expect(result).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('a gauge is identified by (source, name, observedAt), whatever its value', async () => {
    const g = gauge({ source: 'discord', name: 'active_7d' });
    const sameKey = { ...g, value: g.value + 1 };
    const otherName = { ...g, name: 'messages_day' };
    expect(await send.gauges(client, [g, sameKey, otherName])).toMatchObject({ accepted: 2, duplicates: 1 });
  });
});

describe('duplicates across batches (#2)', () => {
  it.each([
    ['events', retriedAndOverlapping(() => event(), send.events)],
    ['surveys', retriedAndOverlapping(() => survey(), send.surveys)],
    ['subscriptions', retriedAndOverlapping(() => subscription(), send.subscriptions)],
    ['gauges', retriedAndOverlapping(() => gauge(), send.gauges)],
  ])('%s: a retried batch is all duplicates, an overlapping one half', async (_, run) => run());

  it('audits: a retried verdict is a duplicate', async () => {
    const blocked = event({ eventType: 'VALIDATION_BLOCKED', validationSeverity: 'HIGH' });
    await send.events(client, [blocked]);
    const verdict = audit(blocked.eventId);
    expect(await send.audits(client, [verdict])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await send.audits(client, [verdict])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await storedIds('safety_audits', [verdict.auditId])).toEqual(sorted([verdict.auditId]));
  });
});

describe('duplicates under concurrency (#2)', () => {
  it('5 concurrent identical batches of 200 store exactly 200 events', async () => {
    const batch = Array.from({ length: 200 }, () => event());
    const results = await Promise.all(Array.from({ length: 5 }, () => send.events(client, batch)));
    const sum = (key: 'accepted' | 'duplicates' | 'rejected') => results.reduce((n, r) => n + r[key], 0);
    // 5 × 200 = 1 000 records, 200 distinct ids: 200 accepted in all, the other 800 duplicates.
    expect(sum('accepted')).toBe(200);
    expect(sum('duplicates')).toBe(800);
    expect(sum('rejected')).toBe(0);
    expect(await storedIds('telemetry_events', batch.map((e) => e.eventId))).toHaveLength(200);
  });

  it('concurrent overlapping survey batches store each id once', async () => {
    const responses = Array.from({ length: 300 }, () => survey());
    // Three batches over ids [0,200), [100,300), [50,250): 300 distinct ids, 600 records sent.
    const slices = [responses.slice(0, 200), responses.slice(100, 300), responses.slice(50, 250)];
    const results = await Promise.all(slices.map((slice) => send.surveys(client, slice)));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(300);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(300);
    expect(await storedIds('survey_responses', responses.map((r) => r.responseId))).toHaveLength(300);
  });
});

describe('partial batches (#2)', () => {
  it('accepted + duplicates + rejected = batch size', async () => {
    const known = Array.from({ length: 3 }, () => event());
    await send.events(client, known);
    const fresh = Array.from({ length: 5 }, () => event());
    const bad = [event({ latencyMs: -1 }), event({ platform: 'plan9' })];
    // A known id with a bad value is rejected (checked first), not a duplicate.
    const knownButBad = { ...known[0]!, caroVersion: 'latest' };
    const batch = [fresh[0]!, known[0]!, bad[0]!, fresh[1]!, known[1]!, fresh[2]!, knownButBad, known[2]!, fresh[3]!, bad[1]!, fresh[4]!];
    const result = await send.events(client, batch);
    // 11 records: 5 fresh accepted, 3 known duplicates, 3 bad rejected (indexes 2, 6, 9).
    expect(result).toMatchObject({ accepted: 5, duplicates: 3, rejected: 3 });
    expect(result.accepted + result.duplicates + result.rejected).toBe(batch.length);
    expect(result.errors.map((e) => e.index)).toEqual([2, 6, 9]);
    expect(await storedIds('telemetry_events', fresh.map((e) => e.eventId))).toHaveLength(5);
  });

  it('an empty batch is fine', async () => {
    expect(await send.events(client, [])).toEqual({ accepted: 0, duplicates: 0, rejected: 0, errors: [] });
  });

  it('a batch of exactly 1 000 is accepted', async () => {
    const batch = Array.from({ length: 1000 }, () => event());
    expect(await send.events(client, batch)).toMatchObject({ accepted: 1000, duplicates: 0, rejected: 0 });
  });
});

describe('BATCH_TOO_LARGE (#2)', () => {
  const blockedId = randomUUID();
  it.each([
    ['ingestEvents', () => send.events(client, Array.from({ length: 1001 }, () => event()))],
    ['submitSurveyResponses', () => send.surveys(client, Array.from({ length: 1001 }, () => survey()))],
    ['recordSafetyAudits', () => send.audits(client, Array.from({ length: 1001 }, () => audit(blockedId)))],
    ['recordGauges', () => send.gauges(client, Array.from({ length: 1001 }, () => gauge({ name: 'too_many' })))],
    ['recordSubscriptionEvents', () => send.subscriptions(client, Array.from({ length: 1001 }, () => subscription()))],
  ])('%s with 1 001 records fails with BATCH_TOO_LARGE and stores nothing', async (_, request) => {
    const before = await Promise.all(TABLES.map(countRows));
    const errors = await requestErrors(request());
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions?.code).toBe('BATCH_TOO_LARGE');
    expect(errors[0]!.message).toMatch(/1001/);
    expect(await Promise.all(TABLES.map(countRows))).toEqual(before);
  });
});

/** Sends [a, b], then [a, b] again (2 duplicates), then [b, c] (1 new, 1 duplicate). */
function retriedAndOverlapping<T>(make: () => T, sendBatch: (c: GraphQLClient, records: T[]) => Promise<IngestResult>) {
  return async () => {
    const [a, b, c] = [make(), make(), make()];
    expect(await sendBatch(client, [a, b])).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await sendBatch(client, [a, b])).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await sendBatch(client, [b, c])).toMatchObject({ accepted: 1, duplicates: 1 });
  };
}

const TABLES = ['telemetry_events', 'survey_responses', 'safety_audits', 'gauge_observations', 'subscription_events'];
