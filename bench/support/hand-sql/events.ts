/**
 * The metrics read from telemetry events in their window (engagement, quality, secondary): one
 * statement.
 *
 * - Additive counts (COMMAND_GENERATED, successes, failures…, sums and maxima) in one pass over the
 *   events of the previous window and the window, grouped by day-long slice, then rolled up into
 *   every period: the window and each bucket come from the same slice rows.
 * - Percentiles per period, over the records of that period.
 * - Active sessions (a COMMAND_EXECUTED) per period from the distinct (slice, session) pairs, and
 *   each active session's latest history / plugin / safety-mode value before the period's end: one
 *   index probe per session and period, or on DuckDB a join on the runs of equal values in its
 *   events (LAG, LEAD).
 * - Splits: one GROUP BY of the window's events per dimension.
 */
import type { DialectSql } from './dialect.js';
import { windowDays } from '../../../src/query-engine/window.js';
import { countIf, dimsOf, periodsRelation, ratio, slicer, span, splitRows, statement, valueRows, WINDOW, type Family, type Plan } from './plan.js';

type Column =
  | { count: string }
  | { sum: string; of: string }
  | { max: string; of: string }
  | { rows: true }
  | { active: true }
  | { percentile: number; of: string; where: string }
  | { state: string };

const GEN = `e.event_type = 'COMMAND_GENERATED'`;
const EXEC = `e.event_type = 'COMMAND_EXECUTED'`;
const COMPLEX = `${GEN} AND e.query_complexity = 'COMPLEX'`;

/** Every column a metric of this family reads, by name; `d` for the boolean spelling. */
function columns(d: DialectSql): Record<string, Column> {
  return {
    gen: { count: GEN },
    gen_ok: { count: `${GEN} AND ${d.isTrue('e.success')}` },
    post_ok: { count: `e.event_type IN ('COMMAND_GENERATED', 'AGENT_LOOP_REPAIR') AND ${d.isTrue('e.success')}` },
    gen_static: { count: `${GEN} AND e.backend = 'STATIC'` },
    gen_qc: { count: `${GEN} AND e.query_complexity IS NOT NULL` },
    complex: { count: COMPLEX },
    complex_refined: { count: `${COMPLEX} AND e.refinement_count >= 1` },
    refinements: { sum: COMPLEX, of: 'e.refinement_count' },
    refinements_n: { count: `${COMPLEX} AND e.refinement_count IS NOT NULL` },
    exe: { count: EXEC },
    failed: { count: `e.event_type = 'COMMAND_FAILED'` },
    overrides: { count: `e.event_type = 'SAFETY_OVERRIDE'` },
    blocked: { count: `e.event_type = 'VALIDATION_BLOCKED'` },
    searches: { count: `e.event_type = 'HISTORY_SEARCHED'` },
    cpu: { sum: 'e.cpu_percent IS NOT NULL', of: 'e.cpu_percent' },
    cpu_n: { count: 'e.cpu_percent IS NOT NULL' },
    mem: { sum: 'e.memory_mb IS NOT NULL', of: 'e.memory_mb' },
    mem_n: { count: 'e.memory_mb IS NOT NULL' },
    mem_max: { max: 'e.memory_mb IS NOT NULL', of: 'e.memory_mb' },
    inf_n: { count: 'e.inference_ms IS NOT NULL' },
    rows: { rows: true },
    active: { active: true },
    p50: { percentile: 50, of: 'e.latency_ms', where: GEN },
    p95: { percentile: 95, of: 'e.latency_ms', where: GEN },
    p99: { percentile: 99, of: 'e.latency_ms', where: GEN },
    inf50: { percentile: 50, of: 'e.inference_ms', where: 'e.inference_ms IS NOT NULL' },
    hist_on: { state: 'history_enabled' },
    plug_on: { state: 'plugin_count' },
    mode_n: { state: 'safety_mode' },
    mode_normal: { state: 'safety_mode' },
  };
}

interface EventMetric {
  uses: readonly string[];
  /** Over a row of columns (and `per_week`). */
  value: (d: DialectSql) => string;
  /** The keys a split has: those its parts have records for. */
  present?: string;
  /** Split as shares of this column's total over the keys (the metric's own dimension). */
  share?: string;
}

const r = (x: string, y: string) => (d: DialectSql) => ratio(d, x, y);

export const EVENT_METRICS: Record<string, EventMetric> = {
  execution_rate: { uses: ['exe', 'gen'], value: r('exe', 'gen'), present: 'exe + gen > 0' },
  first_attempt_success_rate: { uses: ['gen_ok', 'gen'], value: r('gen_ok', 'gen'), present: 'gen > 0' },
  post_repair_success_rate: { uses: ['post_ok', 'gen'], value: r('post_ok', 'gen'), present: 'post_ok + gen > 0' },
  agent_loop_value: {
    uses: ['post_ok', 'gen_ok', 'gen'],
    value: (d) => `${ratio(d, 'post_ok', 'gen')} - ${ratio(d, 'gen_ok', 'gen')}`,
    present: 'post_ok + gen > 0',
  },
  error_rate: { uses: ['failed', 'gen'], value: r('failed', 'gen'), present: 'failed + gen > 0' },
  commands_generated_per_user: { uses: ['gen', 'active'], value: (d) => `${ratio(d, 'gen', 'active')} * per_week`, present: 'gen + active > 0' },
  commands_executed_per_user: { uses: ['exe', 'active'], value: (d) => `${ratio(d, 'exe', 'active')} * per_week`, present: 'exe + active > 0' },
  refinement_usage: { uses: ['complex_refined', 'complex'], value: r('complex_refined', 'complex') },
  refinements_per_complex_query: { uses: ['refinements', 'refinements_n'], value: r('refinements', 'refinements_n') },
  backend_share: { uses: ['gen_static', 'gen'], value: r('gen_static', 'gen'), share: 'gen' },
  query_complexity_share: { uses: ['complex', 'gen_qc', 'gen'], value: r('complex', 'gen_qc'), share: 'gen' },
  safety_override_rate: { uses: ['overrides', 'blocked'], value: r('overrides', 'blocked'), present: 'overrides + blocked > 0' },
  latency_p50: { uses: ['p50', 'gen'], value: () => 'p50', present: 'gen > 0' },
  latency_p95: { uses: ['p95', 'gen'], value: () => 'p95', present: 'gen > 0' },
  latency_p99: { uses: ['p99', 'gen'], value: () => 'p99', present: 'gen > 0' },
  inference_time_p50: { uses: ['inf50', 'inf_n'], value: () => 'inf50', present: 'inf_n > 0' },
  cpu_percent_avg: { uses: ['cpu', 'cpu_n', 'rows'], value: r('cpu', 'cpu_n'), present: 'rows > 0' },
  memory_mb_avg: { uses: ['mem', 'mem_n', 'rows'], value: r('mem', 'mem_n'), present: 'rows > 0' },
  memory_mb_max: { uses: ['mem_max', 'rows'], value: () => 'mem_max', present: 'rows > 0' },
  // No headline: the share metric's own value is null; its split carries the shares.
  platform_share: { uses: ['active'], value: () => 'NULL', share: 'active' },
  history_adoption: { uses: ['hist_on', 'active'], value: r('hist_on', 'active') },
  history_searches_per_user: { uses: ['searches', 'hist_on'], value: (d) => `${ratio(d, 'searches', 'hist_on')} * per_week` },
  plugin_adoption: { uses: ['plug_on', 'active'], value: r('plug_on', 'active') },
  safety_mode_share: { uses: ['mode_n', 'mode_normal'], value: r('mode_normal', 'mode_n'), share: 'n' },
};

/** Segment name → column of telemetry_events. */
export const EVENT_COLUMN: Record<string, string> = {
  backend: 'backend',
  platform: 'platform',
  caroVersion: 'caro_version',
  errorCategory: 'error_category',
  validationSeverity: 'validation_severity',
  queryComplexity: 'query_complexity',
  model: 'model',
  persona: 'persona',
  safetyMode: 'safety_mode',
  acquisitionSource: 'acquisition_source',
};

/** The aggregate of a column over the events `e` of one group (a slice or a split key). */
function aggregate(d: DialectSql, column: Column): string {
  if ('count' in column) return countIf(column.count);
  if ('sum' in column) return `SUM(CASE WHEN ${column.sum} THEN ${column.of} END)`;
  if ('max' in column) return `MAX(CASE WHEN ${column.max} THEN ${column.of} END)`;
  if ('rows' in column) return 'COUNT(*)';
  if ('active' in column) return `COUNT(DISTINCT CASE WHEN ${EXEC} THEN e.session_hash END)`;
  if ('percentile' in column) return d.percentile(`CASE WHEN ${column.where} THEN ${column.of} END`, column.percentile);
  throw new Error('a state column is not an aggregate of events');
}

/** Rolls a slice column up into a period. */
function rollup(name: string, column: Column): string {
  if ('count' in column || 'rows' in column) return `COALESCE(SUM(c.${name}), 0) AS ${name}`;
  return 'max' in column ? `MAX(c.${name}) AS ${name}` : `SUM(c.${name}) AS ${name}`;
}

/** The latest non-null value of `field` the active session `ak` sent before the period's end. */
const latest = (field: string) => `(SELECT e.${field} FROM telemetry_events e
      WHERE e.session_hash = ak.session_hash AND e.timestamp < ak.hi AND e.${field} IS NOT NULL
      ORDER BY e.timestamp DESC, e.event_id DESC LIMIT 1)`;

/**
 * The runs of equal values of `field` in each session (events carrying one, before `hi`, of the
 * sessions in `ak`): a run holds from its first event until the next run's first, so the latest
 * value before an instant is the value of the run whose interval holds it. Ties in time go by
 * event id, as "latest" does in the engine.
 */
const runs = (d: DialectSql, field: string, hi: Date) => `state_${field} AS (
      SELECT session_hash, v, t0, LEAD(t0) OVER (PARTITION BY session_hash ORDER BY t0, event_id) AS t1 FROM (
        SELECT session_hash, ${field} AS v, timestamp AS t0, event_id,
          LAG(${field}) OVER (PARTITION BY session_hash ORDER BY timestamp, event_id) AS before
        FROM telemetry_events WHERE ${field} IS NOT NULL AND timestamp < ${d.instant(hi)} AND session_hash IN (SELECT session_hash FROM ak)
      ) x WHERE before IS NULL OR before <> v)`;

interface Built {
  ctes: string[];
  joins: string[];
  columns: string[];
  rows: string[];
}

export function eventsStatement({ d, plan, wants }: Family): string | null {
  const ids = Object.keys(EVENT_METRICS).filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const all = columns(d);
  const used = new Set(ids.flatMap((id) => EVENT_METRICS[id]!.uses));
  const built: Built = { ctes: [periodsRelation(d, plan.periods)], joins: [], columns: [], rows: [] };
  counts(d, plan, all, [...used], built);
  built.ctes.push(`tk AS MATERIALIZED (SELECT p.k, p.per_week, ${built.columns.join(', ')} FROM p ${built.joins.join(' ')})`);
  built.rows.push(...ids.map((id) => valueRows(d, id, EVENT_METRICS[id]!.value(d), 'tk')));
  for (const dim of dimsOf(wants, ids)) split(d, plan, all, dim, ids.filter((id) => wants.get(id)!.has(dim)), built);
  return statement(built.ctes, built.rows);
}

const inRange = (d: DialectSql, from: Date, to: Date) => `e.timestamp >= ${d.instant(from)} AND e.timestamp < ${d.instant(to)}`;

/** Every column used, per period: the `ck` (slices), `pc` (percentiles) and `sk` (active sessions) parts of `tk`. */
function counts(d: DialectSql, plan: Plan, all: Record<string, Column>, used: readonly string[], built: Built): void {
  const names = (test: (c: Column) => boolean) => used.filter((name) => test(all[name]!));
  const additive = names((c) => 'count' in c || 'sum' in c || 'max' in c || 'rows' in c);
  const percentiles = names((c) => 'percentile' in c);
  const states = names((c) => 'state' in c);
  const { lo, hi } = span(plan.periods);
  const slice = slicer(d, plan.periods);
  if (additive.length > 0) {
    built.ctes.push(`c AS (SELECT ${slice('e.timestamp')} AS s, ${additive.map((n) => `${aggregate(d, all[n]!)} AS ${n}`).join(', ')}
      FROM telemetry_events e WHERE ${inRange(d, lo, hi)} GROUP BY 1)`);
    built.ctes.push(`ck AS (SELECT p.k, ${additive.map((n) => rollup(n, all[n]!)).join(', ')}
      FROM p LEFT JOIN c ON c.s >= p.lo AND c.s < p.hi GROUP BY p.k)`);
    built.joins.push('LEFT JOIN ck ON ck.k = p.k');
    built.columns.push(...additive.map((n) => `ck.${n}`));
  }
  if (percentiles.length > 0) {
    const filter = [...new Set(percentiles.map((n) => (all[n] as { where: string }).where))].join(' OR ');
    built.ctes.push(`pc AS (SELECT p.k, ${percentiles.map((n) => `${aggregate(d, all[n]!)} AS ${n}`).join(', ')}
      FROM p JOIN telemetry_events e ON e.timestamp >= p.lo AND e.timestamp < p.hi WHERE ${filter} GROUP BY p.k)`);
    built.joins.push('LEFT JOIN pc ON pc.k = p.k');
    built.columns.push(...percentiles.map((n) => `pc.${n}`));
  }
  if (!used.includes('active') && states.length === 0) return;
  built.ctes.push(`a AS MATERIALIZED (SELECT DISTINCT ${slice('e.timestamp')} AS s, e.session_hash FROM telemetry_events e WHERE ${EXEC} AND ${inRange(d, lo, hi)})`);
  // Each slice's periods, then an equality join of the active (slice, session) pairs on it (small
  // side first: SQLite then indexes the large one on the fly).
  built.ctes.push(`sp AS MATERIALIZED (SELECT x.s, p.k, p.hi FROM (SELECT DISTINCT s FROM a) x JOIN p ON x.s >= p.lo AND x.s < p.hi)`);
  built.ctes.push(`ak AS MATERIALIZED (SELECT DISTINCT sp.k, sp.hi, a.session_hash FROM sp JOIN a ON a.s = sp.s)`);
  const fields = [...new Set(states.map((n) => (all[n] as { state: string }).state))];
  if (d.latest === 'lookup') {
    built.ctes.push(`st AS MATERIALIZED (SELECT ak.k${fields.map((field) => `, ${latest(field)} AS ${field}`).join('')} FROM ak)`);
  } else {
    built.ctes.push(...fields.map((field) => runs(d, field, hi)));
    const holds = (f: string) => `LEFT JOIN state_${f} ON state_${f}.session_hash = ak.session_hash AND state_${f}.t0 < ak.hi AND (state_${f}.t1 IS NULL OR state_${f}.t1 >= ak.hi)`;
    built.ctes.push(`st AS MATERIALIZED (SELECT ak.k${fields.map((f) => `, state_${f}.v AS ${f}`).join('')} FROM ak ${fields.map(holds).join(' ')})`);
  }
  const stateCounts: Record<string, string> = {
    hist_on: countIf(d.isTrue('history_enabled')),
    plug_on: countIf('plugin_count >= 1'),
    mode_n: 'COUNT(safety_mode)',
    mode_normal: countIf(`safety_mode = 'NORMAL'`),
  };
  built.ctes.push(`sk AS (SELECT k, COUNT(*) AS active${states.map((n) => `, ${stateCounts[n]} AS ${n}`).join('')} FROM st GROUP BY k)`);
  built.joins.push('LEFT JOIN sk ON sk.k = p.k');
  built.columns.push(...['active', ...states].map((n) => `COALESCE(sk.${n}, 0) AS ${n}`));
}

/** The metrics `ids` split by `dim` over the window: one GROUP BY of the window's events. */
function split(d: DialectSql, plan: Plan, all: Record<string, Column>, dim: string, ids: readonly string[], built: Built): void {
  if (dim === 'safetyMode' && ids.length === 1 && ids[0] === 'safety_mode_share') {
    // Active sessions by their latest safety mode, from the window's row of `st`.
    built.ctes.push(`s_state AS (SELECT safety_mode AS seg, COUNT(*) AS n FROM st WHERE k = ${WINDOW} AND safety_mode IS NOT NULL GROUP BY safety_mode)`);
    built.rows.push(splitRows(d, 'safety_mode_share', dim, ratio(d, 'n', 'SUM(n) OVER ()'), 's_state', 'n > 0'));
    return;
  }
  const column = EVENT_COLUMN[dim];
  const used = [...new Set(ids.flatMap((id) => EVENT_METRICS[id]!.uses))];
  if (!column || used.some((n) => 'state' in all[n]!)) throw new Error(`hand SQL: no split of ${ids.join(', ')} by "${dim}"`);
  const name = `s_${column}`;
  built.ctes.push(`${name} AS MATERIALIZED (SELECT CAST(e.${column} AS TEXT) AS seg, ${d.double(7 / windowDays(plan.window))} AS per_week,
      ${used.map((n) => `${aggregate(d, all[n]!)} AS ${n}`).join(', ')}
    FROM telemetry_events e WHERE ${inRange(d, plan.window.from, plan.window.to)} AND e.${column} IS NOT NULL GROUP BY e.${column})`);
  for (const id of ids) {
    const metric = EVENT_METRICS[id]!;
    if (id === 'error_rate' && dim === 'errorCategory') {
      // Each category's failures over all generations of the window.
      built.rows.push(splitRows(d, id, dim, ratio(d, 'failed', `(SELECT gen FROM tk WHERE k = ${WINDOW})`), name, 'failed > 0'));
    } else if (metric.share) {
      built.rows.push(splitRows(d, id, dim, ratio(d, metric.share, `SUM(${metric.share}) OVER ()`), name, `${metric.share} > 0`));
    } else {
      built.rows.push(splitRows(d, id, dim, metric.value(d), name, metric.present ?? 'TRUE'));
    }
  }
}
