/**
 * Helpers for the metric suites: records with fixed dates loaded through the ingestion core (with a
 * fixed receive time, so that retention accepts them), and evaluators fixed at a moment.
 */
import { randomUUID } from 'node:crypto';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { createEvaluator, pointOf, TOTAL, type Evaluation, type FormulaOf } from '../../src/query-engine/evaluate.js';
import type { TimeWindow } from '../../src/query-engine/window.js';
import { registry } from '../../src/registry/catalogue.js';
import type { Formula, MetricDefinition } from '../../src/registry/define-metric.js';

/** The moment the engine suites compute at: after every fixture, so every cohort period is over. */
export const NOW = new Date('2026-12-01T00:00:00Z');
/** The receive time given to ingestion: after every fixture date (also those relative to the real clock). */
const receivedAt = () => new Date(Math.max(Date.now(), NOW.getTime()));

/** `2026-03-02` (midnight UTC) or a full ISO instant. */
export const d = (iso: string): Date => new Date(iso.includes('T') ? iso : `${iso}T00:00:00Z`);
export const win = (from: string, to: string): TimeWindow => ({ from: d(from), to: d(to) });
export const session = (): string => randomUUID();

type EventInput = Omit<kinds.TelemetryEventRecord, 'eventId' | 'timestamp' | 'sessionId'>;
type EventOverrides = Partial<{ [K in keyof EventInput]: EventInput[K] | undefined }>;

/** A telemetry event of `sessionId` at `at` (STATIC, linux-x86_64, 1.2.3, 100 ms, success). */
export function ev(sessionId: string, at: string, eventType: string, overrides: EventOverrides = {}): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    timestamp: d(at),
    sessionId,
    eventType,
    backend: 'STATIC',
    platform: 'linux-x86_64',
    caroVersion: '1.2.3',
    latencyMs: 100,
    success: true,
    ...overrides,
  };
}

export function surveyAnswer(sessionId: string, at: string, survey: string, score: number | null, extra: Record<string, unknown> = {}) {
  return { responseId: randomUUID(), sessionId, timestamp: d(at), survey, score, ...extra };
}

export function gaugeAt(gauge: string, at: string, value: number) {
  const [source, name] = gauge.split('.');
  return { source, name, observedAt: d(at), value };
}

export function billing(accountId: string, at: string, kind: string, tier: string, monthlyAmountCents: number) {
  return { eventId: randomUUID(), accountId, timestamp: d(at), kind, tier, seats: 1, monthlyAmountCents };
}

async function load<R>(kind: kinds.RecordKind<R>, records: readonly unknown[]): Promise<void> {
  const result = await ingest(kind, records, {
    driver: db.sql,
    hashSession: (id) => id,
    retentionDays: 3650,
    receivedAt: receivedAt(),
  });
  if (result.rejected > 0) throw new Error(`fixture refused: ${JSON.stringify(result.errors)}`);
}

export async function loadFixture(fixture: {
  events?: readonly unknown[];
  surveys?: readonly unknown[];
  gauges?: readonly unknown[];
  subscriptions?: readonly unknown[];
}): Promise<void> {
  if (fixture.events) await load(kinds.telemetryEvents, fixture.events);
  if (fixture.surveys) await load(kinds.surveyResponses, fixture.surveys);
  if (fixture.gauges) await load(kinds.gaugeObservations, fixture.gauges);
  if (fixture.subscriptions) await load(kinds.subscriptionEvents, fixture.subscriptions);
}

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
