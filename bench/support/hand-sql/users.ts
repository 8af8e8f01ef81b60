/**
 * The metrics of sessions over time (growth, the north star): one statement, in which first seen is
 * computed once and each cohort member's outcomes once.
 *
 * - `fs`, when total users are asked: every session's first seen (earliest event of any type).
 * - `c0`: the members of every cohort asked for (first seen in the previous window or the window):
 *   from `fs`, or else the sessions with an event in that span and none before it. Members of the
 *   window's cohort carry the attributes their splits need: the value of their earliest event
 *   carrying one (ties: lowest event id).
 * - `c`: each member's outcomes in one grouped pass over its COMMAND_EXECUTED events of the
 *   look-forward days: activation, time to first success, retention. A member whose period has not
 *   ended at `now` is left out of the denominator.
 * - total users: sessions first seen between consecutive period ends, and a running sum.
 * - rolling active users: distinct (slice, session) pairs of COMMAND_EXECUTED events, each counted in
 *   the 7- or 30-day look-back of every period end that contains it; the north star keeps those whose
 *   latest CSAT answer before that end scores 4 or more (each answer holds until the next: LEAD).
 */
import { DAY_MS, type DialectSql } from './dialect.js';
import { EVENT_COLUMN } from './events.js';
import { countIf, dimsOf, periodsRelation, ratio, slicer, span, splitRows, statement, valueRows, wanted, WINDOW, type Family, type Plan, type Wants } from './plan.js';

const ROLLING_IDS = { wau: 7, mau: 30, wau_high_satisfaction: 7 } as const;

/**
 * Each cohort metric: the look-forward days after first seen it reads (retention_d1: up to the end
 * of the next UTC day), its columns per member (`<name>_over` 1 when the member's period has ended
 * at `now`, `<name>_met` 1 when it has also met the condition) and its value over members.
 */
interface CohortMetric {
  look: number;
  outcome(d: DialectSql, now: string): string[];
  aggregate(d: DialectSql): string[];
  value(d: DialectSql): string;
}

const FS = 'c0.first_seen';
const plus = (d: DialectSql, days: number) => d.addMs(FS, days * DAY_MS);

/** A share of the cohort: members whose period [start, end) holds at least `atLeast` matching events. */
function share(name: string, look: number, period: (d: DialectSql) => [string, string], where: (d: DialectSql) => string, atLeast = 1): CohortMetric {
  return {
    look,
    outcome(d, now) {
      const [start, end] = period(d);
      return [
        `CASE WHEN ${end} <= ${now} THEN 1 ELSE 0 END AS ${name}_over`,
        `CASE WHEN ${end} <= ${now} AND ${countIf(`${where(d)}e.timestamp >= ${start} AND e.timestamp < ${end}`)} >= ${atLeast} THEN 1 ELSE 0 END AS ${name}_met`,
      ];
    },
    aggregate: () => [`SUM(c.${name}_over) AS ${name}_over`, `SUM(c.${name}_met) AS ${name}_met`],
    value: (d) => ratio(d, `${name}_met`, `${name}_over`),
  };
}

const success = (d: DialectSql) => `${d.isTrue('e.success')} AND `;
const COHORTS: Record<string, CohortMetric> = {
  new_users: { look: 0, outcome: () => [], aggregate: () => ['COUNT(c.session_hash) AS new_users'], value: () => 'COALESCE(new_users, 0)' },
  activation_rate_7d: share('act', 7, (d) => [FS, plus(d, 7)], success, 3),
  retention_d1: share('d1', 2, (d) => [d.addMs(d.utcDay(FS), DAY_MS), d.addMs(d.utcDay(FS), 2 * DAY_MS)], () => ''),
  retention_w1: share('w1', 14, (d) => [plus(d, 7), plus(d, 14)], () => ''),
  retention_w4: share('w4', 35, (d) => [plus(d, 28), plus(d, 35)], () => ''),
  time_to_first_success_p80: {
    look: 7,
    outcome: (d, now) => [
      `CASE WHEN ${plus(d, 7)} <= ${now} THEN ${d.seconds(FS, `MIN(CASE WHEN ${success(d)}e.timestamp < ${plus(d, 7)} THEN e.timestamp END)`)} END AS ttfs`,
    ],
    aggregate: (d) => [`${d.percentile('c.ttfs', 80)} AS ttfs`],
    value: () => 'ttfs',
  },
};

export const USER_METRICS = [...Object.keys(COHORTS), 'total_users', 'mau_ratio', ...Object.keys(ROLLING_IDS)];

/**
 * The session's value of a first-seen attribute: that of its earliest event carrying one (ties: the
 * lowest event id). Two index probes on (session_hash, timestamp): the time of that event, then the
 * event.
 */
function attribute(dim: string, session: string): string {
  const column = EVENT_COLUMN[dim];
  if (!column) throw new Error(`hand SQL: no events column for segment "${dim}"`);
  return `(SELECT CAST(e.${column} AS TEXT) FROM telemetry_events e WHERE e.session_hash = ${session} AND e.${column} IS NOT NULL
      AND e.timestamp = (SELECT MIN(t.timestamp) FROM telemetry_events t WHERE t.session_hash = ${session} AND t.${column} IS NOT NULL)
      ORDER BY e.event_id LIMIT 1)`;
}

interface Parts {
  ctes: string[];
  joins: string[];
  columns: string[];
  rows: string[];
}

export function usersStatement({ d, plan, wants }: Family): string | null {
  const ids = USER_METRICS.filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const parts: Parts = { ctes: [periodsRelation(d, plan.periods)], joins: [], columns: [], rows: [] };
  // Total users need every session's first seen; cohorts alone only their members'.
  const allSessions = wanted(wants, 'total_users', 'mau_ratio');
  if (allSessions) parts.ctes.push(`fs AS MATERIALIZED (SELECT session_hash, MIN(timestamp) AS first_seen FROM telemetry_events GROUP BY session_hash)`);
  const cohortIds = ids.filter((id) => id in COHORTS);
  if (cohortIds.length > 0) cohorts(d, plan, cohortIds, wants, allSessions, parts);
  if (allSessions) totalUsers(d, plan, wants, parts);
  const rollingIds = (Object.keys(ROLLING_IDS) as (keyof typeof ROLLING_IDS)[]).filter((id) => wants.has(id) || (id === 'mau' && wants.has('mau_ratio')));
  if (rollingIds.length > 0) rolling(d, plan, rollingIds, wants, parts);
  if (wants.has('mau_ratio')) parts.rows.push(valueRows(d, 'mau_ratio', ratio(d, 'active30', 'total_users'), 'tk'));
  parts.ctes.push(`tk AS MATERIALIZED (SELECT p.k${parts.columns.map((c) => `, ${c}`).join('')} FROM p ${parts.joins.join(' ')})`);
  return statement(parts.ctes, parts.rows);
}

function cohorts(d: DialectSql, plan: Plan, ids: readonly string[], wants: Wants, allSessions: boolean, parts: Parts): void {
  const { lo, hi } = span(plan.periods);
  const { from, to } = plan.window;
  const members = allSessions
    ? `SELECT session_hash, first_seen FROM fs WHERE first_seen >= ${d.instant(lo)} AND first_seen < ${d.instant(hi)}`
    : // First seen in [lo, hi): an event in it, and none before.
      `SELECT m.session_hash, m.first_seen FROM (
          SELECT session_hash, MIN(timestamp) AS first_seen FROM telemetry_events
          WHERE timestamp >= ${d.instant(lo)} AND timestamp < ${d.instant(hi)} GROUP BY session_hash) m
        WHERE NOT EXISTS (SELECT 1 FROM telemetry_events x WHERE x.session_hash = m.session_hash AND x.timestamp < ${d.instant(lo)})`;
  // Splits are over the window: only its members need their attributes.
  const dims = [...dimsOf(wants, ids)];
  const attributes = dims.map((dim) => `, CASE WHEN m.first_seen >= ${d.instant(from)} THEN ${attribute(dim, 'm.session_hash')} END AS a_${dim}`);
  parts.ctes.push(`c0 AS MATERIALIZED (SELECT m.session_hash, m.first_seen${attributes.join('')} FROM (${members}) m)`);
  const metrics = ids.map((id) => COHORTS[id]!);
  const look = Math.max(...metrics.map((m) => m.look));
  const keys = ['c0.session_hash', 'c0.first_seen', ...dims.map((dim) => `c0.a_${dim}`)].join(', ');
  // One pass over the members' COMMAND_EXECUTED events of their look-forward days gives every outcome.
  parts.ctes.push(
    look === 0
      ? `c AS MATERIALIZED (SELECT * FROM c0)`
      : `c AS MATERIALIZED (SELECT ${keys}, ${metrics.flatMap((m) => m.outcome(d, d.instant(plan.now))).join(', ')}
          FROM c0 LEFT JOIN telemetry_events e ON e.session_hash = c0.session_hash AND e.event_type = 'COMMAND_EXECUTED'
            AND e.timestamp >= c0.first_seen AND e.timestamp < ${d.addMs('c0.first_seen', look * DAY_MS)}
          GROUP BY ${keys})`,
  );
  const aggregates = (list: readonly CohortMetric[]) => list.flatMap((m) => m.aggregate(d));
  parts.ctes.push(`ck AS (SELECT p.k, ${aggregates(metrics).join(', ')} FROM p LEFT JOIN c ON c.first_seen >= p.lo AND c.first_seen < p.hi GROUP BY p.k)`);
  parts.joins.push('LEFT JOIN ck ON ck.k = p.k');
  parts.columns.push(...aggregates(metrics).map((a) => `ck.${a.split(' AS ')[1]}`));
  for (const id of ids) parts.rows.push(valueRows(d, id, COHORTS[id]!.value(d), 'tk'));
  for (const dim of dims) {
    const splitIds = ids.filter((id) => wants.get(id)!.has(dim));
    parts.ctes.push(`cs_${dim} AS MATERIALIZED (SELECT a_${dim} AS seg, ${aggregates(splitIds.map((id) => COHORTS[id]!)).join(', ')}
      FROM c WHERE a_${dim} IS NOT NULL AND c.first_seen < ${d.instant(to)} GROUP BY a_${dim})`);
    for (const id of splitIds) parts.rows.push(splitRows(d, id, dim, COHORTS[id]!.value(d), `cs_${dim}`, 'TRUE'));
  }
}

/** Sessions first seen before each period's end: counts between consecutive ends, and a running sum. */
function totalUsers(d: DialectSql, plan: Plan, wants: Wants, parts: Parts): void {
  const ends = [...new Set(plan.periods.map((p) => p.hi.getTime()))].sort((a, b) => a - b);
  const slices = ends.map((end, i) => `(${d.instant(new Date(i === 0 ? 0 : ends[i - 1]!))}, ${d.instant(new Date(end))})`);
  parts.ctes.push(`ends(lo, hi) AS (VALUES ${slices.join(', ')})`);
  parts.ctes.push(`tu AS (SELECT hi, SUM(n) OVER (ORDER BY hi) AS total_users FROM (
      SELECT ends.hi, COUNT(f.session_hash) AS n FROM ends LEFT JOIN fs f ON f.first_seen >= ends.lo AND f.first_seen < ends.hi GROUP BY ends.hi) x)`);
  parts.joins.push('LEFT JOIN tu ON tu.hi = p.hi');
  parts.columns.push('COALESCE(tu.total_users, 0) AS total_users');
  if (wants.has('total_users')) parts.rows.push(valueRows(d, 'total_users', 'total_users', 'tk'));
  for (const dim of wants.get('total_users') ?? []) {
    parts.ctes.push(`ts_${dim} AS (SELECT seg, COUNT(*) AS n FROM (
        SELECT ${attribute(dim, 'f.session_hash')} AS seg FROM fs f WHERE f.first_seen < ${d.instant(plan.window.to)}) x
      WHERE seg IS NOT NULL GROUP BY seg)`);
    parts.rows.push(splitRows(d, 'total_users', dim, 'n', `ts_${dim}`, 'TRUE'));
  }
}

/** WAU, MAU and the north star: sessions active in the days ending at each period's end. */
function rolling(d: DialectSql, plan: Plan, ids: readonly (keyof typeof ROLLING_IDS)[], wants: Wants, parts: Parts): void {
  const lengths = [...new Set(ids.map((id) => ROLLING_IDS[id]))];
  const ranges = lengths.flatMap((n) => plan.periods.map((p) => ({ n, k: p.k, lo: new Date(p.hi.getTime() - n * DAY_MS), hi: p.hi })));
  const { lo, hi } = span(ranges);
  const slice = slicer(d, ranges);
  const dims = [...dimsOf(wants, ids)];
  const dimColumns = dims.map((dim) => `, CAST(e.${EVENT_COLUMN[dim]} AS TEXT) AS ${dim}`).join('');
  parts.ctes.push(`r(n, k, lo, hi) AS (VALUES ${ranges.map((r) => `(${r.n}, ${r.k}, ${d.instant(r.lo)}, ${d.instant(r.hi)})`).join(', ')})`);
  parts.ctes.push(`ra AS MATERIALIZED (SELECT DISTINCT ${slice('e.timestamp')} AS s, e.session_hash${dimColumns} FROM telemetry_events e
    WHERE e.event_type = 'COMMAND_EXECUTED' AND e.timestamp >= ${d.instant(lo)} AND e.timestamp < ${d.instant(hi)})`);
  // Each slice's look-back ranges, then an equality join of the active (slice, session) pairs on it
  // (small side first: SQLite then indexes the large one on the fly).
  parts.ctes.push(`sr AS MATERIALIZED (SELECT x.s, r.n, r.k, r.hi FROM (SELECT DISTINCT s FROM ra) x JOIN r ON x.s >= r.lo AND x.s < r.hi)`);
  parts.ctes.push(`rk AS MATERIALIZED (SELECT DISTINCT sr.n, sr.k, sr.hi, ra.session_hash FROM sr JOIN ra ON ra.s = sr.s)`);
  parts.ctes.push(`rc AS (SELECT n, k, COUNT(*) AS active FROM rk GROUP BY n, k)`);
  for (const n of lengths) {
    parts.joins.push(`LEFT JOIN rc rc${n} ON rc${n}.n = ${n} AND rc${n}.k = p.k`);
    parts.columns.push(`COALESCE(rc${n}.active, 0) AS active${n}`);
  }
  const holds = (x: string, end: string) => `s.session_hash = ${x}.session_hash AND s.t0 < ${end} AND (s.t1 IS NULL OR s.t1 >= ${end}) AND s.score >= 4`;
  if (ids.includes('wau_high_satisfaction')) {
    // Each CSAT answer holds from its time until the session's next one.
    parts.ctes.push(`csat AS MATERIALIZED (SELECT session_hash, score, timestamp AS t0,
        LEAD(timestamp) OVER (PARTITION BY session_hash ORDER BY timestamp, response_id) AS t1
      FROM survey_responses WHERE survey = 'CSAT' AND timestamp < ${d.instant(hi)})`);
    parts.ctes.push(`hk AS (SELECT rk.k, COUNT(*) AS happy FROM rk JOIN csat s ON ${holds('rk', 'rk.hi')} WHERE rk.n = 7 GROUP BY rk.k)`);
    parts.joins.push('LEFT JOIN hk ON hk.k = p.k');
    parts.columns.push('COALESCE(hk.happy, 0) AS happy');
  }
  const value: Record<keyof typeof ROLLING_IDS, string> = { wau: 'active7', mau: 'active30', wau_high_satisfaction: 'happy' };
  for (const id of ids) {
    if (wants.has(id)) parts.rows.push(valueRows(d, id, value[id], 'tk'));
    for (const dim of wants.get(id) ?? []) {
      const name = `rs_${id}_${dim}`;
      const active = `SELECT DISTINCT ra.${dim} AS seg, ra.session_hash FROM sr JOIN ra ON ra.s = sr.s AND sr.n = ${ROLLING_IDS[id]} AND sr.k = ${WINDOW}
        WHERE ra.${dim} IS NOT NULL`;
      parts.ctes.push(
        id === 'wau_high_satisfaction'
          ? `${name} AS (SELECT x.seg, COUNT(*) AS n FROM (${active}) x JOIN csat s ON ${holds('x', d.instant(plan.window.to))} GROUP BY x.seg)`
          : `${name} AS (SELECT seg, COUNT(*) AS n FROM (${active}) x GROUP BY seg)`,
      );
      parts.rows.push(splitRows(d, id, dim, 'n', name, 'TRUE'));
    }
  }
}
