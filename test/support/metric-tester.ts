/**
 * The metric tester, as ESLint's RuleTester: `testMetric(id, { records, cases })` loads the records of
 * that metric's own fixture through the ingestion core (with a fixed receive time, so that retention
 * accepts them) and runs one test per case: the snapshot fields and one segment split of a window,
 * worked by hand in the comment above the case. Also the engine helpers of the other suites:
 * evaluators fixed at a moment, formulas evaluated over a window.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { createEvaluator, pointOf, TOTAL, type Evaluation, type FormulaOf } from '../../src/query-engine/evaluate.js';
import { computeSegments, computeSnapshot, type MetricSnapshot } from '../../src/query-engine/metric-result.js';
import type { TargetStatus } from '../../src/query-engine/targets.js';
import type { TimeWindow } from '../../src/query-engine/window.js';
import { registry } from '../../src/registry/catalogue.js';
import type { Formula, MetricDefinition } from '../../src/registry/define-metric.js';
import type { Records } from './records.js';

/** The moment the engine suites compute at: after every fixture, so every cohort period is over. */
export const NOW = new Date('2026-12-01T00:00:00Z');

/** Stores one kind's records through the ingestion core; the builders' ISO times become dates. */
async function load<R>(kind: kinds.RecordKind<R>, inputs: readonly object[]): Promise<void> {
  const records = inputs.map((input) => ({ ...input, [kind.timeField]: new Date(String(Reflect.get(input, kind.timeField))) }));
  const result = await ingest(kind, records, {
    driver: db.sql,
    hashSession: (id) => id,
    retentionDays: 3650,
    // After every fixture date (also those relative to the real clock).
    receivedAt: new Date(Math.max(Date.now(), NOW.getTime())),
  });
  if (result.rejected > 0) throw new Error(`fixture refused: ${JSON.stringify(result.errors)}`);
}

/** Stores `records`; audits last, as they judge stored events. */
export async function loadFixture(records: Records): Promise<void> {
  if (records.events) await load(kinds.telemetryEvents, records.events);
  if (records.surveys) await load(kinds.surveyResponses, records.surveys);
  if (records.gauges) await load(kinds.gaugeObservations, records.gauges);
  if (records.subscriptions) await load(kinds.subscriptionEvents, records.subscriptions);
  if (records.audits) await load(kinds.safetyAudits, records.audits);
}

/** Stores audits of events stored before. */
export const loadAudits = (audits: NonNullable<Records['audits']>): Promise<void> => loadFixture({ audits });

/** A fresh evaluator (its cache is per instance) at `now`, resolving metric ids from `formulas` then the registry. */
export function evaluatorAt(now: Date = NOW, formulas: Record<string, Formula> = {}) {
  const formulaOf: FormulaOf = (id) => formulas[id] ?? registry.formulaOf(id);
  return createEvaluator({ driver: db.reads, formulaOf, now, source: env.CARO_QUERY_SOURCE });
}

/** A formula's value (and what it rests on) over a window, or per segment value. */
export async function evaluate(formula: Formula, window: TimeWindow, options: { segmentBy?: string; now?: Date; formulas?: Record<string, Formula> } = {}) {
  return evaluatorAt(options.now, options.formulas).evaluate(formula, window, options.segmentBy ?? null);
}

export const totalOf = (evaluation: Evaluation) => pointOf(evaluation, TOTAL);

/** `{ key: value }` for every segment value returned. */
export const bySegment = (evaluation: Evaluation): Record<string, number | null> =>
  Object.fromEntries([...evaluation.points].map(([key, point]) => [key, point.value]));

export const metric = (id: string): MetricDefinition => {
  const found = registry.get(id);
  if (!found) throw new Error(`no shipped metric ${id}`);
  return found;
};

/** Snapshot fields expected; numbers are compared to 6 decimals. */
export type Expected = Partial<Record<keyof MetricSnapshot, unknown>>;
/** Segment value → [value, status]; every key the split returns must be listed. */
export type ExpectedSegments = Record<string, [number | null, TargetStatus]>;

export type MetricCase = {
  /** What the case shows (the hand arithmetic goes in a comment above it). */
  name: string;
  window: TimeWindow;
  /** The moment of the query (cohort periods ending after it are not over); default the test's `now`. */
  now?: Date;
} & ({ snapshot: Expected; segments?: { by: string; expected: ExpectedSegments } } | { snapshot?: Expected; segments: { by: string; expected: ExpectedSegments } });

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

/** One metric's test: its own fixture, loaded once, and one test per case. */
export function testMetric(id: string, test: { records: Records; now?: Date; cases: readonly MetricCase[] }): void {
  describe(id, () => {
    beforeAll(() => loadFixture(test.records));
    it.each(test.cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const now = c.now ?? test.now ?? NOW;
      if (c.snapshot) await expectSnapshot(id, c.window, c.snapshot, now);
      if (c.segments) await expectSegments(id, c.window, c.segments.by, c.segments.expected, now);
    });
  });
}
