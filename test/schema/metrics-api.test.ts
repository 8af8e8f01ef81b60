/**
 * The metrics API (#3) through GraphQL with the typed client: definitions, `metric(id:)` and the
 * typed `metrics { … }` fields agree with the engine, expected errors carry their codes, and a
 * query over every shipped metric goes to the database once. GraphQL computes at the real "now",
 * so the fixture lies in the two weeks that ended 7 days before today (UTC), inside retention.
 */
import { ClientError } from 'graphql-request';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import { computeSegments, computeSeries, computeSnapshot } from '../../src/query-engine/metric-result.js';
import { registry } from '../../src/registry/catalogue.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { requestErrors } from '../support/ingestion.js';
import { loadFixture } from '../support/metric-tester.js';
import { ev, session } from '../support/records.js';

const client = createTestClient();
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
/** Midnight UTC `n` days after the window's start (today − 14 d), as ISO. */
const day = (n: number, minute = 0) => new Date(today - 14 * DAY + n * DAY + minute * 60_000).toISOString();
const window = { from: day(0), to: day(7) };
const engineWindow = { from: new Date(window.from), to: new Date(window.to) };

const MetricQuery = graphql(`
  query MetricById($id: ID!, $window: TimeWindowInput!) {
    metric(id: $id, window: $window) {
      id value previousValue change changeUnit status attainment sampleSize
      target { kind min max }
      series(granularity: DAY) { start end value partial }
      segments(by: "backend") { key value status }
    }
  }
`);

const TypedExecutionRate = graphql(`
  query TypedExecutionRate($window: TimeWindowInput!) {
    metrics { executionRate(window: $window) { value previousValue change status segments(by: BACKEND) { key value status } } }
  }
`);

beforeAll(async () => {
  const [s1, s2, s3] = [session(), session(), session()];
  await loadFixture({
    events: [
      // Window, day 0: STATIC 4 GEN, 3 EXEC; day 2: EMBEDDED 2 GEN, 1 EXEC. Previous week: 2 GEN, 2 EXEC.
      ...[0, 1, 2, 3].map((m) => ev(s1, day(0, m), 'COMMAND_GENERATED')),
      ...[10, 11, 12].map((m) => ev(s1, day(0, m), 'COMMAND_EXECUTED')),
      ...[0, 1].map((m) => ev(s2, day(2, m), 'COMMAND_GENERATED', { backend: 'EMBEDDED' })),
      ev(s2, day(2, 10), 'COMMAND_EXECUTED', { backend: 'EMBEDDED' }),
      ev(s3, day(-5), 'COMMAND_GENERATED'), ev(s3, day(-5, 1), 'COMMAND_GENERATED'),
      ev(s3, day(-5, 2), 'COMMAND_EXECUTED'), ev(s3, day(-5, 3), 'COMMAND_EXECUTED'),
      // Four days ago, in the default window (the last 7 days) only: MLX 2 GEN, 1 EXEC.
      ev(s3, day(10), 'COMMAND_GENERATED', { backend: 'MLX' }), ev(s3, day(10, 1), 'COMMAND_GENERATED', { backend: 'MLX' }),
      ev(s3, day(10, 2), 'COMMAND_EXECUTED', { backend: 'MLX' }),
    ],
  });
});

describe('metricDefinitions (#3)', () => {
  it('lists every shipped metric with its declaration', async () => {
    const { metricDefinitions } = await client.request(
      graphql(`query MetricDefinitionList { metricDefinitions { id unit direction segments usesSqlEscapeHatch alerts { name kind severity } } }`),
    );
    expect(metricDefinitions.map((m) => m.id)).toEqual(registry.metrics.map((m) => m.id));
    expect(metricDefinitions.map((m) => m.id)).toEqual(expect.arrayContaining(['execution_rate', 'wau', 'nps', 'mrr', 'github_stars', 'agent_loop_value']));
    expect(metricDefinitions.find((m) => m.id === 'execution_rate')).toEqual({
      id: 'execution_rate',
      unit: 'ratio',
      direction: 'higher',
      segments: ['backend', 'platform', 'caroVersion'],
      usesSqlEscapeHatch: false,
      alerts: [{ name: 'below_60_percent', kind: 'threshold', severity: 'warning' }],
    });
  });

  it('serves targets as declared (JSON)', async () => {
    // Untyped: codegen.ts maps no TypeScript type to the JSON scalar, so a typed document cannot select it.
    const { metricDefinitions } = await client.request<{ metricDefinitions: { id: string; target: unknown }[] }>(
      'query { metricDefinitions { id target } }',
    );
    expect(metricDefinitions.find((m) => m.id === 'execution_rate')?.target).toEqual({ atLeast: 0.7 });
    expect(metricDefinitions.find((m) => m.id === 'latency_p95')?.target).toEqual(registry.get('latency_p95')!.target);
  });
});

describe('metric values through GraphQL agree with the engine (#3)', () => {
  it('metric(id:) — by hand and as the engine computes it', async () => {
    const { metric } = await client.request(MetricQuery, { id: 'execution_rate', window });
    // (3 + 1) / (4 + 2) = 2/3, within 10% of 0.7; previous 2/2 = 1; change (2/3 − 1) × 100 points.
    expect(metric.value).toBeCloseTo(2 / 3, 9);
    expect(metric).toMatchObject({ previousValue: 1, changeUnit: 'POINTS', status: 'AT_RISK', sampleSize: 6, target: { kind: 'AT_LEAST', min: 0.7, max: null } });
    expect(metric.change).toBeCloseTo(-100 / 3, 9);
    expect(metric.segments).toEqual([
      { key: 'EMBEDDED', value: 0.5, status: 'MISSED' },
      { key: 'STATIC', value: 0.75, status: 'MET' },
    ]);
    // Day 0: 3/4; day 2: 1/2; other days have no generation.
    expect(metric.series.map((p) => p.value)).toEqual([0.75, null, 0.5, null, null, null, null]);
    expect(metric.series.map((p) => p.start)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => day(n)));
    expect(metric.series.every((p) => !p.partial)).toBe(true);

    const evaluator = createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, now: new Date(), source: env.CARO_QUERY_SOURCE });
    const definition = registry.get('execution_rate')!;
    const [snapshot, series, segments] = await Promise.all([
      computeSnapshot(evaluator, definition, engineWindow),
      computeSeries(evaluator, definition, engineWindow, 'DAY'),
      computeSegments(evaluator, definition, engineWindow, 'backend'),
    ]);
    expect(metric).toMatchObject({ value: snapshot.value, previousValue: snapshot.previousValue, change: snapshot.change, status: snapshot.status });
    expect(metric.attainment).toBeCloseTo(snapshot.attainment!, 9);
    expect(metric.series.map((p) => p.value)).toEqual(series.map((p) => p.value));
    expect(metric.segments).toEqual(segments.map((s) => ({ key: s.key, value: s.value, status: s.status })));
  });

  it('the typed field metrics { executionRate } answers the same', async () => {
    const [{ metric }, { metrics }] = await Promise.all([
      client.request(MetricQuery, { id: 'execution_rate', window }),
      client.request(TypedExecutionRate, { window }),
    ]);
    expect(metrics.executionRate).toEqual({
      value: metric.value,
      previousValue: metric.previousValue,
      change: metric.change,
      status: metric.status,
      segments: metric.segments,
    });
  });
});

describe('window is optional: the last 7 days ending now (#13)', () => {
  it('metric(id:) and the typed field, without a window argument', async () => {
    const NoWindow = graphql(`
      query MetricWithoutWindow { metric(id: "execution_rate") { window { from to } value segments(by: "backend") { key value } } metrics { executionRate { value } } }
    `);
    const before = Date.now();
    const { metric, metrics } = await client.request(NoWindow);
    const [from, to] = [new Date(metric.window.from).getTime(), new Date(metric.window.to).getTime()];
    expect(to).toBeGreaterThanOrEqual(before - 1000);
    expect(to).toBeLessThanOrEqual(Date.now());
    expect(to - from).toBe(7 * DAY);
    // Only the MLX events of four days ago: 1 EXEC / 2 GEN.
    expect(metric.value).toBe(0.5);
    expect(metric.segments).toEqual([{ key: 'MLX', value: 0.5 }]);
    expect(metrics.executionRate.value).toBe(0.5);
  });
});

describe('expected errors carry their code (#3)', () => {
  const codes = async (request: Promise<unknown>) => (await requestErrors(request)).map((e) => e.extensions?.code);
  it.each<[string, string, Record<string, unknown>, string]>([
    ['an unknown metric', 'nope', window, 'METRIC_NOT_FOUND'],
    ['from equal to to', 'wau', { from: day(0), to: day(0) }, 'INVALID_WINDOW'],
    ['from after to', 'wau', { from: day(7), to: day(0) }, 'INVALID_WINDOW'],
    ['a window over 2 years', 'wau', { from: '2024-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, 'INVALID_WINDOW'],
    ['a duration over 2 years', 'wau', { last: 'P3Y' }, 'INVALID_WINDOW'],
    ['a duration with a fraction', 'wau', { last: 'P1.5D' }, 'INVALID_WINDOW'],
    ['a duration that is no duration', 'wau', { last: '7 days' }, 'INVALID_WINDOW'],
  ])('%s', async (_, id, input, code) => {
    expect(await codes(client.request(MetricQuery, { id, window: input }))).toContain(code);
  });

  it('a segment the metric does not have: INVALID_SEGMENT', async () => {
    const query = graphql(`query WauByTier($window: TimeWindowInput!) { metric(id: "wau", window: $window) { segments(by: "tier") { key } } }`);
    const errors = await requestErrors(client.request(query, { window }));
    expect(errors).toMatchObject([{ extensions: { code: 'INVALID_SEGMENT' }, message: expect.stringContaining('platform, backend') }]);
  });

  it('a DAY series over the longest window allowed is answered, or refused as INVALID_WINDOW, never masked', async () => {
    // 732 days from noon to noon: resolveWindow accepts it; it has 733 calendar days.
    const query = graphql(`query LongSeries($window: TimeWindowInput!) { metric(id: "github_stars", window: $window) { series(granularity: DAY) { value } } }`);
    const to = new Date(today - 30 * DAY + DAY / 2);
    const input = { from: new Date(to.getTime() - 732 * DAY).toISOString(), to: to.toISOString() };
    const errors = await client.request(query, { window: input }).then(
      () => [],
      (error: unknown) => (error instanceof ClientError ? (error.response.errors ?? []) : Promise.reject(error)),
    );
    expect(errors.map((e) => e.extensions?.code ?? e.message)).toEqual(errors.map(() => 'INVALID_WINDOW'));
  });
});

describe('each distinct leaf and segment is computed once per request (#9)', () => {
  const RECORD_TABLES = /\b(telemetry_events|survey_responses|safety_audits|gauge_observations|subscription_events|event_days|session_days|event_detail_days|generation_latency_days|inference_days|\w+_hours|session_first_seen)\b/;
  const AllMetrics = graphql(`
    query AllShippedMetrics($window: TimeWindowInput!) {
      metrics {
        activationRate7d(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: PLATFORM) { key value } }
        agentLoopValue(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: BACKEND) { key value } }
        executionRate(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: BACKEND) { key value } }
        firstAttemptSuccessRate(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: BACKEND) { key value } }
        githubStars(window: $window) { value previousValue series(granularity: DAY) { value } }
        latencyP95(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: BACKEND) { key value } }
        mrr(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: TIER) { key value } }
        newUsers(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: PLATFORM) { key value } }
        nps(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: PERSONA) { key value } }
        postRepairSuccessRate(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: BACKEND) { key value } }
        retentionD1(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: PLATFORM) { key value } }
        safetyModeShare(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: SAFETY_MODE) { key value } }
        wau(window: $window) { value previousValue series(granularity: DAY) { value } segments(by: PLATFORM) { key value } }
      }
    }
  `);

  /**
   * Value, previous value, every DAY bucket and the split of a leaf are one statement; leaves of equal
   * structure are one, whichever metric asks. By hand, leaf × {total, split}: activation and day-1
   * retention 2 (cohorts over the same members: one family statement each); the event counts, all
   * from one rollup and all split by BACKEND: agent loop value's three (GENERATED or REPAIR successful,
   * GENERATED, GENERATED successful) and execution rate's EXECUTED (its GENERATED count is shared;
   * first attempt and post repair share theirs) 2 (one family statement each); stars 1; latency 2;
   * mrr 2; new users 2; NPS's three counts 6 (survey answers: no rollup); safety-mode share 1 (a share
   * always splits its base); wau 2. 20 in all.
   */
  it('every shipped metric with value, previous value, a DAY series and segments: 20 statements', async () => {
    const spy = vi.spyOn(db.reads, 'query');
    try {
      const { metrics } = await client.request(AllMetrics, { window });
      expect(Object.keys(metrics)).toHaveLength(13);
      expect(metrics.executionRate.value).toBeCloseTo(2 / 3, 9);
      expect(metrics.wau.series).toHaveLength(7);
      // Other per-request work (the API-token check) may query too: count the statements that read records.
      const reads = spy.mock.calls.filter(([query]) => RECORD_TABLES.test(query.render(db.dialect).text));
      expect(reads).toHaveLength(20);
    } finally {
      spy.mockRestore();
    }
  });
});
