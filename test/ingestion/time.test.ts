/**
 * Record times (METRICS.md §2, issue #2): with `sentAt`, each time is corrected for the client's
 * clock skew, stored = timestamp + (receive time − sentAt), and the range checks (24 h ahead, the
 * 90-day retention of events and surveys) apply to the corrected time. Values are read back from
 * the database; the only tolerance is the receive time, bounded by Date.now() around the call.
 */
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createTestClient } from '../support/client.js';
import { IngestionStats, send } from '../support/ingestion.js';
import { DAY, event, gauge, HOUR, MINUTE, subscription, survey } from '../support/records.js';

const client = createTestClient();
const iso = (ms: number) => new Date(ms).toISOString();

/** Runs `call` and returns the window the server's receive time lies in. */
async function timed<T>(call: () => Promise<T>): Promise<{ result: T; before: number; after: number }> {
  const before = Date.now();
  const result = await call();
  return { result, before, after: Date.now() };
}

describe('sentAt skew correction (#2)', () => {
  it('client clock 1 h behind: each event moves 1 h forward (plus transit)', async () => {
    const clientNow = Date.now() - HOUR;
    const sentAt = iso(clientNow);
    const events = [event({ timestamp: iso(clientNow - 10 * MINUTE) }), event({ timestamp: iso(clientNow - 3 * MINUTE) })];
    const { result, before, after } = await timed(() => send.events(client, events, sentAt));
    expect(result.accepted).toBe(2);

    for (const sent of events) {
      const row = await db.prisma.telemetryEvent.findUniqueOrThrow({ where: { eventId: sent.eventId } });
      const shift = row.timestamp.getTime() - Date.parse(sent.timestamp);
      // receive time ∈ [before, after], so the shift ∈ [before − sentAt, after − sentAt] (≈ 1 h).
      expect(shift).toBeGreaterThanOrEqual(before - clientNow);
      expect(shift).toBeLessThanOrEqual(after - clientNow);
      // The server keeps its receive time: the shift is exactly received_at − sentAt.
      expect(shift).toBe(row.receivedAt.getTime() - clientNow);
    }
  });

  it('client clock 3 days ahead: survey times that look far in the future are brought back and accepted', async () => {
    const clientNow = Date.now() + 3 * DAY;
    const response = survey({ survey: 'CSAT', score: 4, timestamp: iso(clientNow - 5 * MINUTE) });
    const { result, before, after } = await timed(() => send.surveys(client, [response], iso(clientNow)));
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });

    const row = await db.prisma.surveyResponse.findUniqueOrThrow({ where: { responseId: response.responseId } });
    // stored = (clientNow − 5 min) + (receive − clientNow) = receive − 5 min.
    expect(row.timestamp.getTime()).toBeGreaterThanOrEqual(before - 5 * MINUTE);
    expect(row.timestamp.getTime()).toBeLessThanOrEqual(after - 5 * MINUTE);
  });

  it('client clock 100 days behind: its recent events are not refused as too old', async () => {
    const clientNow = Date.now() - 100 * DAY;
    const recent = event({ timestamp: iso(clientNow - MINUTE) });
    const { result, before, after } = await timed(() => send.events(client, [recent], iso(clientNow)));
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    const row = await db.prisma.telemetryEvent.findUniqueOrThrow({ where: { eventId: recent.eventId } });
    expect(row.timestamp.getTime()).toBeGreaterThanOrEqual(before - MINUTE);
    expect(row.timestamp.getTime()).toBeLessThanOrEqual(after - MINUTE);
  });

  it('the range checks apply to the corrected time', async () => {
    // Client 2 h ahead. Uncorrected, 89 d 23 h ago is inside the window and +23 h is under 24 h ahead;
    // corrected (−2 h) the first is 90 d 1 h old (too old), the second stays 21 h ahead (fine).
    const clientNow = Date.now() + 2 * HOUR;
    const batch = [
      event({ timestamp: iso(Date.now() - 90 * DAY + HOUR) }),
      event({ timestamp: iso(Date.now() + 23 * HOUR) }),
    ];
    const result = await send.events(client, batch, iso(clientNow));
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(result.errors).toMatchObject([{ index: 0, code: 'TIMESTAMP_TOO_OLD', field: 'timestamp' }]);
  });

  it('without sentAt the timestamp is stored as sent, to the millisecond', async () => {
    // A day ago, on a whole second plus 678 ms, so that a lost millisecond part would show.
    const stamp = Math.floor((Date.now() - DAY) / 1000) * 1000 + 678;
    const sent = event({ timestamp: iso(stamp) });
    expect((await send.events(client, [sent])).accepted).toBe(1);
    const row = await db.prisma.telemetryEvent.findUniqueOrThrow({ where: { eventId: sent.eventId } });
    expect(row.timestamp.toISOString()).toBe(new Date(sent.timestamp).toISOString());
  });

  it('a timestamp with an offset is the same instant in UTC', async () => {
    const utc = Date.now() - HOUR;
    const local = new Date(utc + 2 * HOUR).toISOString().replace('Z', '+02:00');
    const sent = event({ timestamp: local });
    expect((await send.events(client, [sent])).accepted).toBe(1);
    const row = await db.prisma.telemetryEvent.findUniqueOrThrow({ where: { eventId: sent.eventId } });
    expect(row.timestamp.getTime()).toBe(utc);
  });
});

describe('retention applies to events and surveys, not to gauges or subscriptions (#2)', () => {
  const yearAgo = () => iso(Date.now() - 365 * DAY);
  it('events and surveys a year old are TIMESTAMP_TOO_OLD', async () => {
    expect((await send.events(client, [event({ timestamp: yearAgo() })])).errors).toMatchObject([
      { index: 0, code: 'TIMESTAMP_TOO_OLD', field: 'timestamp' },
    ]);
    expect((await send.surveys(client, [survey({ timestamp: yearAgo() })])).errors).toMatchObject([
      { index: 0, code: 'TIMESTAMP_TOO_OLD', field: 'timestamp' },
    ]);
  });

  it('gauges and subscription events a year old are backfilled', async () => {
    expect(await send.gauges(client, [gauge({ name: 'forks', observedAt: yearAgo() })])).toMatchObject({ accepted: 1 });
    expect(await send.subscriptions(client, [subscription({ timestamp: yearAgo() })])).toMatchObject({ accepted: 1 });
  });
});

describe('ingestionStats (#2)', () => {
  it('counts each kind with its first and last time', async () => {
    const before = (await client.request(IngestionStats)).ingestionStats;
    const first = '2026-03-01T00:00:00.000Z';
    const last = '2026-03-05T12:00:00.000Z';
    await send.gauges(client, [
      gauge({ source: 'content', name: 'blog_views', observedAt: last }),
      gauge({ source: 'content', name: 'blog_views', observedAt: first }),
    ]);
    const stats = (await client.request(IngestionStats)).ingestionStats;
    // Two more gauges. The file's other gauge (forks) lies a year back, so first ≤ 2026-03-01 ≤ 2026-03-05 ≤ last.
    expect(stats.gaugeObservations.count).toBe(before.gaugeObservations.count + 2);
    expect(Date.parse(stats.gaugeObservations.last!)).toBeGreaterThanOrEqual(Date.parse(last));
    expect(Date.parse(stats.gaugeObservations.first!)).toBeLessThanOrEqual(Date.parse(first));
    const events = await db.prisma.telemetryEvent.aggregate({ _count: true, _min: { timestamp: true } });
    expect(stats.telemetryEvents.count).toBe(events._count);
    expect(stats.telemetryEvents.first).toBe(events._min.timestamp!.toISOString());
  });
});
