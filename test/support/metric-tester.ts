/**
 * The metric tester, as ESLint's RuleTester: `testMetric(id, { records, cases })` loads that metric's
 * plugin (and those its formula names) and the records of its own fixture, through the ingestion core
 * with a fixed receive time so that retention accepts them, then runs one test per case: the snapshot
 * fields and one segment split of a window, worked by hand in the comment above the case.
 */
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { createEvaluator, type FormulaOf } from '../../src/query-engine/evaluate.js';
import { computeSegments, computeSnapshot, type MetricSnapshot } from '../../src/query-engine/metric-result.js';
import type { TargetStatus } from '../../src/query-engine/targets.js';
import type { TimeWindow } from '../../src/query-engine/window.js';
import type { Formula, MetricDefinition } from '../../src/registry/define-metric.js';
import { createRegistry, listMetricFiles, loadDefinitionFiles, type Registry } from '../../src/registry/registry.js';
import { validateMetricFiles, type MetricFile } from '../../src/registry/validate.js';
import { emptyTables } from './empty-tables.js';
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

/** The ids of the `{ kind: 'metric', id }` nodes of a formula. */
const metricsNamedIn = (node: unknown): string[] =>
  typeof node !== 'object' || node === null
    ? []
    : [...(Reflect.get(node, 'kind') === 'metric' ? [String(Reflect.get(node, 'id'))] : []), ...Object.values(node).flatMap(metricsNamedIn)];

/**
 * The registry of `ids` and of the metrics their formulas name, each read from its own plugin file
 * and validated as at start-up. A metric's suite loads no other plugin: the whole catalogue (see
 * test/support/engine.ts) costs about a second a test file.
 */
export async function registryOf(...ids: string[]): Promise<Registry> {
  const paths = new Map(listMetricFiles().map((path) => [basename(path, '.ts').replaceAll('-', '_'), path]));
  const files: MetricFile[] = [];
  for (const queue = [...ids], seen = new Set<string>(); queue.length > 0; ) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const path = paths.get(id);
    if (!path) throw new Error(`no metric plugin for ${id}`);
    const [file] = await loadDefinitionFiles([path]);
    files.push(file!);
    queue.push(...metricsNamedIn(Reflect.get(Object(file!.exported), 'formula')));
  }
  return createRegistry(validateMetricFiles(files));
}

/** A fresh evaluator (its cache is per instance) at `now`, resolving metric ids from `formulas`, then `registry`. */
export function evaluatorOver(registry: Registry, now: Date = NOW, formulas: Record<string, Formula> = {}) {
  const formulaOf: FormulaOf = (id) => formulas[id] ?? registry.formulaOf(id);
  return createEvaluator({ driver: db.reads, formulaOf, now, source: env.CARO_QUERY_SOURCE });
}

/** The definition of `id` in `registry`. */
export function definition(registry: Registry, id: string): MetricDefinition {
  const found = registry.get(id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

/** Snapshot fields expected; numbers are compared to 6 decimals. */
export type Expected = Partial<Record<keyof MetricSnapshot, unknown>>;
/** Segment value → [value, status]; every key the split returns must be listed. */
export type ExpectedSegments = Record<string, [number | null, TargetStatus]>;

/** One case: a window, and the snapshot fields or the segment split expected over it (or both). */
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

async function expectSnapshot(registry: Registry, id: string, window: TimeWindow, expected: Expected, now: Date): Promise<void> {
  const snapshot = await computeSnapshot(evaluatorOver(registry, now), definition(registry, id), window);
  for (const [key, value] of Object.entries(expected)) close(snapshot[key as keyof MetricSnapshot], value, `${id}.${key}`);
}

async function expectSegments(registry: Registry, id: string, window: TimeWindow, by: string, expected: ExpectedSegments, now: Date): Promise<void> {
  const segments = await computeSegments(evaluatorOver(registry, now), definition(registry, id), window, by);
  expect(segments.map((s) => s.key), `${id} by ${by}`).toEqual(Object.keys(expected).sort());
  for (const s of segments) {
    close(s.value, expected[s.key]![0], `${id}[${s.key}].value`);
    expect(s.status, `${id}[${s.key}].status`).toBe(expected[s.key]![1]);
  }
}

/** One metric's test: its plugin, its own fixture (loaded once), and one test per case. */
export function testMetric(id: string, test: { records: Records; now?: Date; cases: readonly MetricCase[] }): void {
  describe(id, () => {
    let registry: Registry;
    beforeAll(async () => {
      registry = await registryOf(id);
      // The metric projects share a database among the suites of a worker (vitest.config.ts).
      await emptyTables();
      await loadFixture(test.records);
    });
    it.each(test.cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const now = c.now ?? test.now ?? NOW;
      if (c.snapshot) await expectSnapshot(registry, id, c.window, c.snapshot, now);
      if (c.segments) await expectSegments(registry, id, c.window, c.segments.by, c.segments.expected, now);
    });
  });
}
