/**
 * Rollups kept exact at ingestion (#9): after any sequence of batches, resent batches (duplicates),
 * session deletions and purges, every rollup, daily and hourly, equals its rebuild from the raw events left, and
 * the first-seen table equals a plain computation over everything ever stored, minus deleted
 * sessions: a purge does not touch it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { deleteSession } from '../../src/privacy/delete.js';
import { purgeExpired } from '../../src/privacy/purge.js';
import { FIRST_SEEN_ATTRIBUTES, FIRST_SEEN_TABLE, ROLLUP_TABLES, type Rollup } from '../../src/rollups/definitions.js';
import { aggregateEvents, rollupColumns } from '../../src/rollups/maintain.js';
import { columnOf } from '../../src/registry/sources.js';
import type { SqlExecutor } from '../../src/sql/driver.js';
import { sql } from '../../src/sql/fragment.js';
import { applyMigrations, migrationsDirectory, readMigrations } from '../../src/sql/migrate.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { freshDatabase } from '../support/fresh-database.js';
import { DAY, emptyTables, eventRecord, ingestEvents, SESSIONS, SPAN, START, type EventRecord } from '../support/random-activity.js';

/** A stored value, the same on both databases: instants as epoch ms, booleans as 0/1, numbers as numbers. */
const normal = (value: unknown): unknown => {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value);
  if (typeof value === 'bigint') return Number(value);
  return value;
};
const normalRows = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normal(v)])));

/** Float sums taken in another order may differ in the last bits: compare those to 1e-9. */
function expectSameRows(stored: Record<string, unknown>[], rebuilt: Record<string, unknown>[], table: string) {
  expect(stored.length, `${table}: rows`).toBe(rebuilt.length);
  stored.forEach((row, i) => {
    for (const [column, value] of Object.entries(rebuilt[i]!)) {
      const actual = row[column];
      if (typeof value === 'number' && typeof actual === 'number' && column.endsWith('_sum')) {
        expect(Math.abs(actual - value), `${table} ${column}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
      } else {
        expect(actual, `${table} row ${i} ${column}`).toEqual(value);
      }
    }
  });
}

async function expectRollupsEqualRebuild(driver: SqlExecutor = db.sql): Promise<void> {
  for (const rollup of ROLLUP_TABLES) {
    const key = keyOf(rollup);
    const columns = [...key, ...rollup.dimensions.map((f) => columnOf('events', f)!), ...rollupColumns(rollup).map((c) => c.column)].join(', ');
    const stored = await driver.query<Record<string, unknown>>(sql`SELECT ${sql.raw(columns)} FROM ${sql.raw(rollup.table)} ORDER BY ${sql.raw(key.join(', '))}`);
    const rebuilt = await driver.query<Record<string, unknown>>(
      sql`SELECT ${sql.raw(columns)} FROM (${aggregateEvents(db.dialect, rollup, sql`TRUE`)}) x ORDER BY ${sql.raw(key.join(', '))}`,
    );
    expectSameRows(normalRows(stored), normalRows(rebuilt), rollup.table);
  }
}
const keyOf = (rollup: Rollup) => [rollup.grain, ...(rollup.perSession ? ['session_hash'] : []), 'dims'];

function groupBySession(events: readonly EventRecord[]): Map<string, EventRecord[]> {
  const groups = new Map<string, EventRecord[]>();
  for (const e of events) groups.set(e.sessionId, [...(groups.get(e.sessionId) ?? []), e]);
  return groups;
}

/** The first-seen rows a plain reading of the spec gives for these events (each session's earliest by time, then id). */
function firstSeenOf(events: readonly EventRecord[]): Record<string, unknown>[] {
  const order = (a: EventRecord, b: EventRecord) => a.timestamp.getTime() - b.timestamp.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
  const bySession = groupBySession([...events].sort(order));
  return [...bySession.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([session, list]) => {
      const row: Record<string, unknown> = {
        session_hash: session,
        first_seen: list[0]!.timestamp.getTime(),
        first_event_id: list[0]!.eventId,
        last_seen: Math.max(...list.map((e) => e.timestamp.getTime())),
      };
      for (const field of FIRST_SEEN_ATTRIBUTES) {
        const column = columnOf('events', field)!;
        const carrier = list.find((e) => e[field as keyof EventRecord] !== null);
        row[column] = carrier ? carrier[field as keyof EventRecord] : null;
        row[`${column}_at`] = carrier ? carrier.timestamp.getTime() : null;
        row[`${column}_event_id`] = carrier ? carrier.eventId : null;
      }
      return row;
    });
}

async function storedFirstSeen(driver: SqlExecutor = db.sql): Promise<Record<string, unknown>[]> {
  const attributes = FIRST_SEEN_ATTRIBUTES.flatMap((f) => [columnOf('events', f)!, `${columnOf('events', f)!}_at`, `${columnOf('events', f)!}_event_id`]);
  const columns = ['session_hash', 'first_seen', 'first_event_id', 'last_seen', ...attributes].join(', ');
  return normalRows(await driver.query(sql`SELECT ${sql.raw(columns)} FROM ${sql.raw(FIRST_SEEN_TABLE)} ORDER BY session_hash`));
}

type Operation =
  | { kind: 'batch'; events: EventRecord[] }
  | { kind: 'resend'; batch: number }
  | { kind: 'delete'; session: number }
  | { kind: 'purge'; cutoffMs: number; batchSize: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.array(eventRecord, { minLength: 1, maxLength: 25 }).map((events) => ({ kind: 'batch' as const, events })) },
  { weight: 2, arbitrary: fc.nat(20).map((batch) => ({ kind: 'resend' as const, batch })) },
  { weight: 1, arbitrary: fc.nat(SESSIONS.length - 1).map((session) => ({ kind: 'delete' as const, session })) },
  {
    weight: 1,
    arbitrary: fc.record({ cutoffMs: fc.integer({ min: 0, max: SPAN * DAY }), batchSize: fc.integer({ min: 1, max: 9 }) }).map((p) => ({ kind: 'purge' as const, ...p })),
  },
);

describe('rollups kept exact at ingestion, deletion and purge (#9)', () => {
  it('after any sequence of batches, duplicates, deletions and purges, the rollups equal their rebuild from raw events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        await emptyTables();
        const batches: EventRecord[][] = [];
        // What the first-seen table must reflect: every event ever stored, less deleted sessions.
        const everStored = new Map<string, EventRecord>();
        // A deleted session stays deleted (#11): its later events are refused.
        const deleted = new Set<string>();
        for (const op of operations) {
          if (op.kind === 'batch' || op.kind === 'resend') {
            const events = op.kind === 'batch' ? op.events : (batches[op.batch % Math.max(1, batches.length)] ?? []);
            if (op.kind === 'batch') batches.push(events);
            const stored = await db.sql.query<{ event_id: string }>(sql`SELECT event_id FROM telemetry_events`);
            const present = new Set(stored.map((r) => r.event_id));
            // The first copy of an id in a batch is the one stored.
            const fresh = [...new Map(events.filter((e) => !present.has(e.eventId) && !deleted.has(e.sessionId)).reverse().map((e) => [e.eventId, e])).values()];
            const result = await ingestEvents(events, ['SESSION_DELETED']);
            expect(result.accepted).toBe(fresh.length);
            expect(result.rejected).toBe(events.filter((e) => deleted.has(e.sessionId)).length);
            for (const e of fresh) everStored.set(e.eventId, e);
          } else if (op.kind === 'delete') {
            await deleteSession(db.sql, SESSIONS[op.session]!);
            deleted.add(SESSIONS[op.session]!);
            for (const [id, e] of everStored) if (e.sessionId === SESSIONS[op.session]) everStored.delete(id);
          } else {
            const now = new Date(START.getTime() + op.cutoffMs + 90 * DAY);
            await purgeExpired(db.sql, { retentionDays: 90, batchSize: op.batchSize, now });
          }
        }
        await expectRollupsEqualRebuild();
        expect(await storedFirstSeen()).toEqual(firstSeenOf([...everStored.values()]));
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it("the migrations' backfill rolls up the events stored before them", async () => {
    const events = fc.sample(eventRecord, { numRuns: 300, seed: 9 });
    const fresh = await freshDatabase();
    try {
      // The schema as it was before the rollups, events stored in it, then the rest of the migrations.
      const migrations = readMigrations(migrationsDirectory(db.dialect));
      const firstRollup = migrations.findIndex((m) => m.name.endsWith('_rollups'));
      await applyMigrations(fresh.driver, migrations.slice(0, firstRollup));
      const received = new Date();
      const rows = events.map((e) => kinds.telemetryEvents.toRow(e as kinds.TelemetryEventRecord, { receivedAt: received, hashSession: (id) => id }));
      expect(await fresh.driver.insertNew(kinds.telemetryEvents.table, rows)).toBeGreaterThan(250);
      await applyMigrations(fresh.driver, migrations);
      await expectRollupsEqualRebuild(fresh.driver);
      const stored = await fresh.driver.query<{ event_id: string }>(sql`SELECT event_id FROM telemetry_events`);
      const ids = new Set(stored.map((r) => r.event_id));
      expect(await storedFirstSeen(fresh.driver)).toEqual(firstSeenOf(events.filter((e, i) => ids.has(e.eventId) && events.findIndex((o) => o.eventId === e.eventId) === i)));
    } finally {
      await fresh.drop();
    }
  });
});
