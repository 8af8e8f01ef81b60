/**
 * Helpers for the catalogue suites (#4), on top of test/support/metric-fixtures.ts: a RuleTester-like
 * table runner (one describe per metric, one row per window: snapshot fields and one segment split),
 * records made in bulk, and safety audits (loaded after the events they judge).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { computeSegments, computeSnapshot, type MetricSnapshot } from '../../src/query-engine/metric-result.js';
import type { TargetStatus } from '../../src/query-engine/targets.js';
import type { TimeWindow } from '../../src/query-engine/window.js';
import { d, evaluatorAt, metric, NOW } from './metric-fixtures.js';

/** Snapshot fields expected; numbers are compared to 6 decimals. */
export type Expected = Partial<Record<keyof MetricSnapshot, unknown>>;
/** Segment value → [value, status]; every key the split returns must be listed. */
export type ExpectedSegments = Record<string, [number | null, TargetStatus]>;

export interface MetricCase {
  /** What the row shows (the hand arithmetic goes in a comment above it). */
  name: string;
  window: TimeWindow;
  /** The moment of the query (cohort periods ending after it are not over); default NOW. */
  now?: Date;
  snapshot?: Expected;
  segments?: { by: string; expected: ExpectedSegments };
}

const close = (actual: unknown, expected: unknown, label: string) => {
  if (typeof expected === 'number') expect(actual, label).toBeCloseTo(expected, 6);
  else expect(actual, label).toEqual(expected);
};

export async function expectSnapshot(id: string, window: TimeWindow, expected: Expected, now: Date = NOW): Promise<MetricSnapshot> {
  const snapshot = await computeSnapshot(evaluatorAt(now), metric(id), window);
  for (const [key, value] of Object.entries(expected)) close(snapshot[key as keyof MetricSnapshot], value, `${id}.${key}`);
  return snapshot;
}

export async function expectSegments(id: string, window: TimeWindow, by: string, expected: ExpectedSegments, now: Date = NOW): Promise<void> {
  const segments = await computeSegments(evaluatorAt(now), metric(id), window, by);
  expect(segments.map((s) => s.key), `${id} by ${by}`).toEqual(Object.keys(expected).sort());
  for (const s of segments) {
    close(s.value, expected[s.key]![0], `${id}[${s.key}].value`);
    expect(s.status, `${id}[${s.key}].status`).toBe(expected[s.key]![1]);
  }
}

/** One describe per metric, one test per row. */
export function metricCases(table: Record<string, readonly MetricCase[]>): void {
  describe.each(Object.entries(table))('%s', (id, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      if (c.snapshot) await expectSnapshot(id, c.window, c.snapshot, c.now);
      if (c.segments) await expectSegments(id, c.window, c.segments.by, c.segments.expected, c.now);
    });
  });
}

/** `n` records from `day` 00:00, one minute apart (then the next hour), made by `make`. */
export const on = <T>(day: string, n: number, make: (at: string, i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => {
    const [hh, mm] = [Math.floor(i / 60), i % 60].map((x) => String(x).padStart(2, '0'));
    return make(`${day}T${hh}:${mm}:00Z`, i);
  });

/** `at` plus `seconds`, as an ISO instant (time-to-success fixtures). */
export const plus = (at: string, seconds: number): string => new Date(d(at).getTime() + seconds * 1000).toISOString();

/** A verdict on a stored event (its eventId), audited at `at`. */
export function auditOf(event: Record<string, unknown>, at: string, verdict: 'TRUE_POSITIVE' | 'FALSE_POSITIVE' | 'FALSE_NEGATIVE') {
  return { auditId: randomUUID(), eventId: event.eventId as string, verdict, auditedAt: d(at) };
}

/** Loads audits through the ingestion core; their events must be stored already. */
export async function loadAudits(audits: readonly unknown[]): Promise<void> {
  const result = await ingest(kinds.safetyAudits, audits, {
    driver: db.sql,
    hashSession: (id) => id,
    retentionDays: 3650,
    receivedAt: new Date(Math.max(Date.now(), NOW.getTime())),
  });
  if (result.rejected > 0) throw new Error(`audits refused: ${JSON.stringify(result.errors)}`);
}
