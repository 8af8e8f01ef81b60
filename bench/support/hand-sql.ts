/**
 * The hand-written baselines of `bench:query`: what an engineer who knows the catalogue would write
 * by hand against the raw tables (telemetry_events, survey_responses, safety_audits,
 * gauge_observations, subscription_events) to answer the same request as the server, on the same
 * database (SQLite, PostgreSQL) or on a DuckDB copy of its rows (bench/support/duckdb.ts).
 *
 * A request is a dashboard (every panel's value, previous value, series at the dashboard's
 * granularity and split) or all metrics (value, previous value, DAY series and the split by the
 * metric's first segment, as bench/query.ts's all-metrics GraphQL request). It is answered by a few
 * statements, one per family of metrics (sessions over time, events in the window, surveys, audits,
 * gauges, subscriptions), values inlined as literals:
 *
 *   const request: HandRequest = { kind: 'dashboard', id: 'growth', window, now };
 *   const statements = handSql('postgresql', request);
 *   const results = await Promise.all(statements.map((text) => pool.query(text).then((r) => r.rows)));
 *   const answers = handAnswers(request, results);
 *   const server = graphqlAnswers(request, json.data.dashboard.panels);
 *   const mismatches = diffAnswers(server, answers);   // [] when they agree
 *
 * On PostgreSQL, run them with `jit=off` as the server's pools do (src/db.ts): compiling each large
 * statement costs seconds (15 s instead of 1.6 s for all metrics over 32 000 events).
 *
 * Semantics are the engine's (src/query-engine/raw-leaves.ts), written independently: METRICS.md §3
 * and §4; bench/support/check-baselines.ts checks that they agree.
 */
import { dashboards } from './hand-sql/dashboards.js';
import { DIALECTS, type HandDialect } from './hand-sql/dialect.js';
import { EVENT_METRICS, eventsStatement } from './hand-sql/events.js';
import { FIRST_BUCKET, planOf, PREVIOUS, WINDOW, type Family, type Wants } from './hand-sql/plan.js';
import { AUDIT_METRICS, auditsStatement, GAUGE_METRICS, gaugesStatement, SUBSCRIPTION_METRICS, subscriptionsStatement } from './hand-sql/sessionless.js';
import { SURVEY_METRICS, surveysStatement } from './hand-sql/surveys.js';
import { USER_METRICS, usersStatement } from './hand-sql/users.js';
import { bucketsOf, type Granularity, type TimeWindow } from '../../src/query-engine/window.js';
import { registry } from '../../src/registry/catalogue.js';

export type { HandDialect };

export type DashboardId = 'growth' | 'engagement' | 'quality' | 'satisfaction';

/**
 * `now` is when the answer is computed: cohort members whose look-forward period has not ended by
 * then are left out. To compare with the server, give the instant the server computed at (a
 * request's answers differ when a member's period ends between two `now`s).
 */
export type HandRequest =
  | { kind: 'dashboard'; id: DashboardId; window: TimeWindow; now: Date }
  | { kind: 'allMetrics'; window: TimeWindow; now: Date };

/** One thing a request computes: a dashboard panel, or one metric of the all-metrics request. */
export interface HandPanel {
  metric: string;
  /** The split asked for, or null. */
  segment: string | null;
  granularity: Granularity;
}

/** The panels of a request, in the order the server's GraphQL answer lists them. */
export function handPanels(request: HandRequest): HandPanel[] {
  if (request.kind === 'dashboard') {
    const dashboard = dashboards[request.id];
    return dashboard.panels.map((p) => ({ metric: p.metric, segment: p.segment ?? null, granularity: p.granularity ?? dashboard.granularity }));
  }
  return registry.metrics.map((m) => ({ metric: m.id, segment: m.segments[0] ?? null, granularity: 'DAY' as const }));
}

/** The statements that compute the request, values inlined as literals; running all of them is the request's work. */
export function handSql(dialect: HandDialect, request: HandRequest): string[] {
  const panels = handPanels(request);
  const wants = new Map<string, Set<string>>();
  for (const panel of panels) {
    if (!wants.has(panel.metric)) wants.set(panel.metric, new Set());
    if (panel.segment) wants.get(panel.metric)!.add(panel.segment);
  }
  const unknown = [...wants.keys()].filter((id) => !KNOWN.has(id));
  if (unknown.length > 0) throw new Error(`hand SQL has no statement for ${unknown.join(', ')}`);
  if (new Set(panels.map((p) => p.granularity)).size > 1) throw new Error('hand SQL: one granularity per request');
  const family: Family = { d: DIALECTS[dialect], plan: planOf(request.window, panels[0]!.granularity, request.now), wants: wants as Wants };
  return [usersStatement, eventsStatement, surveysStatement, auditsStatement, gaugesStatement, subscriptionsStatement]
    .map((build) => build(family))
    .filter((text): text is string => text !== null);
}

const KNOWN = new Set([
  ...USER_METRICS,
  ...Object.keys(EVENT_METRICS),
  ...Object.keys(SURVEY_METRICS),
  ...Object.keys(AUDIT_METRICS),
  ...Object.keys(GAUGE_METRICS),
  ...SUBSCRIPTION_METRICS,
]);

/** A panel's numbers, shaped as the server's GraphQL answer (`result { value previousValue } series { start value } segments { key value }`). */
export interface HandAnswer {
  metric: string;
  segment: string | null;
  value: number | null;
  previousValue: number | null;
  /** `start` as an ISO string, as GraphQL's DateTime. */
  series: { start: string; value: number | null }[];
  /** The split, in key order; null when the panel has none. */
  segments: { key: string; value: number | null }[] | null;
}

/** A row as a driver returns it: `m, d, k, seg, v` (numbers may come as strings or bigints). */
export type HandRow = Record<string, unknown>;

/** Reads the statements' rows (all statements, any order) into one answer per panel of the request. */
export function handAnswers(request: HandRequest, results: readonly (readonly HandRow[])[]): HandAnswer[] {
  const values = new Map<string, number | null>();
  const splits = new Map<string, { key: string; value: number | null }[]>();
  for (const row of results.flat()) {
    const [m, d, k, seg] = [String(row.m), row.d === null ? null : String(row.d), Number(row.k), row.seg === null ? null : String(row.seg)];
    const v = toNumber(row.v);
    if (d === null) {
      const key = `${m}|${k}`;
      if (values.has(key)) throw new Error(`hand SQL: two rows for ${m} in period ${k}`);
      values.set(key, v);
    } else if (seg !== null) {
      const key = `${m}|${d}`;
      if (!splits.has(key)) splits.set(key, []);
      splits.get(key)!.push({ key: seg, value: v });
    }
  }
  const total = (metric: string, k: number) => {
    const key = `${metric}|${k}`;
    if (!values.has(key)) throw new Error(`hand SQL: no row for ${metric} in period ${k}`);
    return values.get(key)!;
  };
  return handPanels(request).map((panel) => ({
    metric: panel.metric,
    segment: panel.segment,
    value: total(panel.metric, WINDOW),
    previousValue: total(panel.metric, PREVIOUS),
    series: bucketsOf(request.window, panel.granularity, request.now).map((b, i) => ({
      start: b.start.toISOString(),
      value: total(panel.metric, FIRST_BUCKET + i),
    })),
    segments: panel.segment === null ? null : (splits.get(`${panel.metric}|${panel.segment}`) ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  }));
}

/** One panel of the server's GraphQL answer: a dashboard panel (`result { … }`) or an all-metrics field. */
export interface GraphqlPanel {
  value?: number | null;
  previousValue?: number | null;
  result?: { value: number | null; previousValue: number | null };
  series: readonly { start: string; value: number | null }[];
  segments?: readonly { key: string; value: number | null }[] | null;
}

/**
 * The server's answer in the same shape, panels in the request's order: `data.dashboard.panels` for
 * a dashboard, the all-metrics request's fields in registry order (bench/query.ts's m0, m1…).
 */
export function graphqlAnswers(request: HandRequest, panels: readonly GraphqlPanel[]): HandAnswer[] {
  return handPanels(request).map((panel, i) => {
    const answer = panels[i];
    if (!answer) throw new Error(`the GraphQL answer has no panel ${i} (${panel.metric})`);
    return {
      metric: panel.metric,
      segment: panel.segment,
      value: answer.result ? answer.result.value : (answer.value ?? null),
      previousValue: answer.result ? answer.result.previousValue : (answer.previousValue ?? null),
      series: answer.series.map((p) => ({ start: new Date(p.start).toISOString(), value: p.value })),
      segments: panel.segment === null ? null : [...(answer.segments ?? [])].map((s) => ({ key: s.key, value: s.value })),
    };
  });
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  if (Number.isNaN(n)) throw new Error(`hand SQL: ${String(value)} is not a number`);
  return n;
}

export interface AnswerMismatch {
  metric: string;
  segment: string | null;
  /** `value`, `previousValue`, `series[3] 2026-05-04T00:00:00.000Z`, `segments[STATIC]`… */
  part: string;
  expected: number | null | 'missing';
  actual: number | null | 'missing';
}

/**
 * Where two answers to the same request differ: values equal to `relative` (default 1e-9) of the
 * larger, or within 1e-12 of each other (a difference of two equal rates computed in another order).
 */
export function diffAnswers(expected: readonly HandAnswer[], actual: readonly HandAnswer[], relative = 1e-9): AnswerMismatch[] {
  const mismatches: AnswerMismatch[] = [];
  const key = (a: HandAnswer) => `${a.metric}|${a.segment ?? ''}`;
  const actualByKey = new Map(actual.map((a) => [key(a), a]));
  const same = (x: number | null, y: number | null) =>
    x === null || y === null ? x === y : Math.abs(x - y) <= Math.max(relative * Math.max(Math.abs(x), Math.abs(y)), 1e-12);
  for (const e of expected) {
    const a = actualByKey.get(key(e));
    const push = (part: string, x: number | null | 'missing', y: number | null | 'missing') =>
      mismatches.push({ metric: e.metric, segment: e.segment, part, expected: x, actual: y });
    if (!a) {
      push('panel', 'missing', 'missing');
      continue;
    }
    if (!same(e.value, a.value)) push('value', e.value, a.value);
    if (!same(e.previousValue, a.previousValue)) push('previousValue', e.previousValue, a.previousValue);
    const length = Math.max(e.series.length, a.series.length);
    for (let i = 0; i < length; i++) {
      const [x, y] = [e.series[i], a.series[i]];
      if (!x || !y || x.start !== y.start || !same(x.value, y.value)) {
        push(`series[${i}] ${(x ?? y)!.start}`, x ? x.value : 'missing', y && y.start === x?.start ? y.value : 'missing');
      }
    }
    const keys = new Set([...(e.segments ?? []), ...(a.segments ?? [])].map((s) => s.key));
    for (const k of [...keys].sort()) {
      const [x, y] = [e.segments?.find((s) => s.key === k), a.segments?.find((s) => s.key === k)];
      if (!x || !y || !same(x.value, y.value)) push(`segments[${k}]`, x ? x.value : 'missing', y ? y.value : 'missing');
    }
  }
  return mismatches;
}
