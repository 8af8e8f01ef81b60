/**
 * First seen survives the purge (#9). Before, the 90-day purge deleted a session's first event, so its
 * first-seen time moved: total_users stopped being cumulative and a returning session counted as a
 * new user again. The first-seen record now outlives the events; it goes with the session's deletion,
 * or FIRST_SEEN_RETENTION_DAYS after the session's last event.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { deleteSession } from '../../src/privacy/delete.js';
import { purgeExpired } from '../../src/privacy/purge.js';
import { sql } from '../../src/sql/fragment.js';
import { evaluatorAt, metric, totalOf } from '../support/engine.js';
import { loadFixture } from '../support/metric-tester.js';
import { d, ev, session, win } from '../support/records.js';
import { computeSnapshot } from '../../src/query-engine/metric-result.js';

// Purged as of 2026-06-01 (90 days: cutoff 2026-03-03): every event before March 3rd.
const PURGE_AT = d('2026-06-01');
const [oldTimer, returning, recent, deleted] = [session(), session(), session(), session()];

const value = async (id: string, window: ReturnType<typeof win>) => (await computeSnapshot(evaluatorAt(PURGE_AT), metric(id), window)).value;

beforeAll(async () => {
  await loadFixture({
    events: [
      // Seen in January only.
      ev(oldTimer, '2026-01-10', 'INSTALLED', { acquisitionSource: 'HN' }),
      // First seen in January, back in April.
      ev(returning, '2026-01-20', 'INSTALLED', { platform: 'macos-arm64', acquisitionSource: 'GITHUB' }),
      ev(returning, '2026-04-02', 'COMMAND_EXECUTED', { platform: 'macos-arm64' }),
      // First seen in April.
      ev(recent, '2026-04-05', 'INSTALLED'),
      // First seen in February, then deleted.
      ev(deleted, '2026-02-01', 'INSTALLED'),
    ],
  });
});

describe('first seen survives the purge', () => {
  const YEAR_TO_MAY = win('2026-01-01', '2026-05-01');
  const JANUARY = win('2026-01-01', '2026-02-01');
  const APRIL = win('2026-04-01', '2026-05-01');
  let before: Record<string, number | null>;

  beforeAll(async () => {
    before = {
      total: await value('total_users', APRIL),
      january: await value('new_users', JANUARY),
      april: await value('new_users', APRIL),
      year: await value('new_users', YEAR_TO_MAY),
    };
    const result = await purgeExpired(db.sql, { retentionDays: 90, batchSize: 2, now: PURGE_AT });
    // Every event before 2026-03-03: oldTimer's, returning's first, deleted's.
    expect(result.deleted.telemetryEvents).toBe(3);
  });

  it('total users stay cumulative: 4 before and after', async () => {
    expect(before.total).toBe(4);
    expect(await value('total_users', APRIL)).toBe(4);
  });

  it('new users of January stay 2 (oldTimer, returning), of the year 4', async () => {
    expect(before).toMatchObject({ january: 2, year: 4 });
    expect(await value('new_users', JANUARY)).toBe(2);
    expect(await value('new_users', YEAR_TO_MAY)).toBe(4);
  });

  it('a returning session is never new again: April has one new user (recent), not two', async () => {
    expect(before.april).toBe(1);
    expect(await value('new_users', APRIL)).toBe(1);
  });

  it('its first-seen attributes stay: new users of January by acquisition source', async () => {
    const evaluator = evaluatorAt(PURGE_AT);
    const split = await evaluator.evaluate(metric('new_users').formula, JANUARY, 'acquisitionSource');
    expect(Object.fromEntries([...split.points].map(([key, p]) => [key, p.value]))).toEqual({ HN: 1, GITHUB: 1 });
  });

  it('deleting a session removes its first-seen record: total users 3', async () => {
    await deleteSession(db.sql, deleted);
    expect(await value('total_users', APRIL)).toBe(3);
  });

  it('FIRST_SEEN_RETENTION_DAYS after its last event, a silent session is forgotten', async () => {
    // Last seen: oldTimer 2026-01-10, returning 2026-04-02, recent 2026-04-05. 400 days before
    // 2027-01-01 is 2025-11-27: none is silent that long. 400 days before 2027-02-20 is 2026-01-16:
    // oldTimer is.
    const early = await purgeExpired(db.sql, { retentionDays: 90, firstSeenRetentionDays: 400, batchSize: 10, now: d('2027-01-01') });
    expect(early.expiredFirstSeen).toBe(0);
    const later = await purgeExpired(db.sql, { retentionDays: 90, firstSeenRetentionDays: 400, batchSize: 10, now: d('2027-02-20') });
    expect(later.expiredFirstSeen).toBe(1);
    const [row] = await db.sql.query<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM session_first_seen`);
    expect(Number(row!.n)).toBe(2);
  });
});

describe('total users read the first-seen table, not the events', () => {
  it('with every event purged, total users are the 2 first-seen records left', async () => {
    expect(totalOf(await evaluatorAt(PURGE_AT).evaluate(metric('total_users').formula, win('2026-05-01', '2026-05-08'), null)).value).toBe(2);
  });
});
