/**
 * The metrics of sessions over time (growth, the north star): one statement, in which first seen is
 * computed once for every session and each cohort member's outcomes once.
 *
 * - `fs`: each session's first seen (earliest event of any type) and, per split dimension, the time of
 *   its earliest event carrying a value; the attribute is then that event's value (ties: lowest id).
 * - `c`: the members of every cohort asked for (first seen in the previous window or the window), each
 *   with its outcomes in one grouped pass over its COMMAND_EXECUTED events of the look-forward days:
 *   activation, time to first success, retention. A member whose period has not ended at `now` is
 *   left out of the denominator.
 * - total users: sessions first seen per slice between period ends, and a running sum.
 * - rolling active users: distinct (slice, session) pairs of COMMAND_EXECUTED events, each counted in
 *   the 7- or 30-day look-back of every period end that contains it; the north star keeps those whose
 *   latest CSAT answer before that end scores 4 or more (each answer holds until the next: LEAD).
 */
import { DAY_MS, type DialectSql } from './dialect.js';
import { EVENT_COLUMN } from './events.js';
import { countIf, dimsOf, periodsRelation, ratio, slicer, span, splitRows, statement, valueRows, wanted, type Family, type Period } from './plan.js';

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

export function usersStatement({ d, plan, wants }: Family): string | null {
  const ids = USER_METRICS.filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const { window, periods } = plan;
  const { lo, hi } = span(periods);
  const cohortIds = ids.filter((id) => id in COHORTS);
  const attributeDims = [...dimsOf(wants, [...cohortIds, 'total_users'])];
  const ctes = [periodsRelation(d, periods)];
  const joins: string[] = [];
  const columns: string[] = [];
  const rows: string[] = [];

  const needFirstSeen = cohortIds.length > 0 || wanted(wants, 'total_users', 'mau_ratio');
  if (needFirstSeen) {
    const attributeAt = attributeDims.map((dim) => `, MIN(CASE WHEN ${EVENT_COLUMN[dim]} IS NOT NULL THEN timestamp END) AS ${dim}_at`);
    ctes.push(`fs AS MATERIALIZED (SELECT session_hash, MIN(timestamp) AS first_seen${attributeAt.join('')} FROM telemetry_events GROUP BY session_hash)`);
    // Attributes for split sessions only: the window's cohort, or every session before its end.
    const attributeFrom = wanted(wants, 'total_users') && wants.get('total_users')!.size > 0 ? '' : `f.first_seen >= ${d.instant(window.from)} AND `;
    for (const dim of attributeDims) {
      const column = EVENT_COLUMN[dim]!;
      ctes.push(`attr_${dim} AS (SELECT session_hash, seg FROM (
          SELECT f.session_hash, CAST(e.${column} AS TEXT) AS seg, ROW_NUMBER() OVER (PARTITION BY f.session_hash ORDER BY e.event_id) AS rn
          FROM fs f JOIN telemetry_events e ON e.session_hash = f.session_hash AND e.timestamp = f.${dim}_at AND e.${column} IS NOT NULL
          WHERE ${attributeFrom}f.first_seen < ${d.instant(window.to)}) x WHERE rn = 1)`);
    }
  }

  if (cohortIds.length > 0) {
    const cohorts = cohortIds.map((id) => COHORTS[id]!);
    const look = Math.max(...cohorts.map((m) => m.look));
    const members = `SELECT session_hash, first_seen FROM fs WHERE first_seen >= ${d.instant(lo)} AND first_seen < ${d.instant(hi)}`;
    // One pass over the members' COMMAND_EXECUTED events of their look-forward days gives every outcome.
    ctes.push(
      look === 0
        ? `c AS MATERIALIZED (${members})`
        : `c AS MATERIALIZED (SELECT c0.session_hash, c0.first_seen, ${cohorts.flatMap((m) => m.outcome(d, d.instant(plan.now))).join(', ')}
            FROM (${members}) c0 LEFT JOIN telemetry_events e ON e.session_hash = c0.session_hash AND e.event_type = 'COMMAND_EXECUTED'
              AND e.timestamp >= c0.first_seen AND e.timestamp < ${d.addMs('c0.first_seen', look * DAY_MS)}
            GROUP BY c0.session_hash, c0.first_seen)`,
    );
    const aggregates = cohorts.flatMap((m) => m.aggregate(d)).join(', ');
    ctes.push(`ck AS (SELECT p.k, ${aggregates} FROM p LEFT JOIN c ON c.first_seen >= p.lo AND c.first_seen < p.hi GROUP BY p.k)`);
    joins.push('LEFT JOIN ck ON ck.k = p.k');
    columns.push(...cohorts.flatMap((m) => m.aggregate(d)).map((a) => `ck.${a.split(' AS ')[1]}`));
    for (const id of cohortIds) {
      rows.push(valueRows(d, id, COHORTS[id]!.value(d), 'tk'));
      for (const dim of wants.get(id)!) {
        const name = `cs_${dim}`;
        if (!ctes.some((cte) => cte.startsWith(`${name} `))) {
          ctes.push(`${name} AS MATERIALIZED (SELECT a.seg, ${aggregates} FROM c JOIN attr_${dim} a ON a.session_hash = c.session_hash
            WHERE c.first_seen >= ${d.instant(window.from)} AND c.first_seen < ${d.instant(window.to)} GROUP BY a.seg)`);
        }
        rows.push(splitRows(d, id, dim, COHORTS[id]!.value(d), name, 'TRUE'));
      }
    }
  }

  if (wanted(wants, 'total_users', 'mau_ratio')) {
    // Sessions first seen between consecutive period ends, summed up to each end.
    const ends = [...new Set(periods.map((p) => p.hi.getTime()))].sort((a, b) => a - b);
    const slices = ends.map((end, i) => `(${d.instant(new Date(i === 0 ? 0 : ends[i - 1]!))}, ${d.instant(new Date(end))})`);
    ctes.push(`ends(lo, hi) AS (VALUES ${slices.join(', ')})`);
    ctes.push(`tu AS (SELECT hi, SUM(n) OVER (ORDER BY hi) AS total_users FROM (
        SELECT ends.hi, COUNT(f.session_hash) AS n FROM ends LEFT JOIN fs f ON f.first_seen >= ends.lo AND f.first_seen < ends.hi GROUP BY ends.hi) x)`);
    joins.push('LEFT JOIN tu ON tu.hi = p.hi');
    columns.push('COALESCE(tu.total_users, 0) AS total_users');
    if (wants.has('total_users')) rows.push(valueRows(d, 'total_users', 'total_users', 'tk'));
    for (const dim of wants.get('total_users') ?? []) {
      ctes.push(`ts_${dim} AS (SELECT a.seg, COUNT(*) AS n FROM fs f JOIN attr_${dim} a ON a.session_hash = f.session_hash
        WHERE f.first_seen < ${d.instant(window.to)} GROUP BY a.seg)`);
      rows.push(splitRows(d, 'total_users', dim, 'n', `ts_${dim}`, 'TRUE'));
    }
  }

  const rollingIds = (Object.keys(ROLLING_IDS) as (keyof typeof ROLLING_IDS)[]).filter((id) => wants.has(id) || (id === 'mau' && wants.has('mau_ratio')));
  if (rollingIds.length > 0) rolling(d, plan.periods, rollingIds, wants, { ctes, joins, columns, rows }, plan.window.to);
  if (wants.has('mau_ratio')) rows.push(valueRows(d, 'mau_ratio', ratio(d, 'active30', 'total_users'), 'tk'));

  ctes.push(`tk AS MATERIALIZED (SELECT p.k${columns.map((c) => `, ${c}`).join('')} FROM p ${joins.join(' ')})`);
  return statement(ctes, rows);
}

interface Parts {
  ctes: string[];
  joins: string[];
  columns: string[];
  rows: string[];
}

/** WAU, MAU and the north star: sessions active in the days ending at each period's end. */
function rolling(d: DialectSql, periods: readonly Period[], ids: readonly (keyof typeof ROLLING_IDS)[], wants: Family['wants'], parts: Parts, to: Date): void {
  const lengths = [...new Set(ids.map((id) => ROLLING_IDS[id]))];
  const ranges = lengths.flatMap((n) => periods.map((p) => ({ n, k: p.k, lo: new Date(p.hi.getTime() - n * DAY_MS), hi: p.hi })));
  const { lo, hi } = span(ranges);
  const slice = slicer(d, ranges);
  const dims = [...dimsOf(wants, ids)];
  const dimColumns = dims.map((dim) => `, CAST(e.${EVENT_COLUMN[dim]} AS TEXT) AS ${dim}`).join('');
  parts.ctes.push(`r(n, k, lo, hi) AS (VALUES ${ranges.map((r) => `(${r.n}, ${r.k}, ${d.instant(r.lo)}, ${d.instant(r.hi)})`).join(', ')})`);
  parts.ctes.push(`ra AS MATERIALIZED (SELECT DISTINCT ${slice('e.timestamp')} AS s, e.session_hash${dimColumns} FROM telemetry_events e
    WHERE e.event_type = 'COMMAND_EXECUTED' AND e.timestamp >= ${d.instant(lo)} AND e.timestamp < ${d.instant(hi)})`);
  parts.ctes.push(`rk AS MATERIALIZED (SELECT DISTINCT r.n, r.k, r.hi, ra.session_hash FROM r JOIN ra ON ra.s >= r.lo AND ra.s < r.hi)`);
  parts.ctes.push(`rc AS (SELECT r.n, r.k, COUNT(rk.session_hash) AS active FROM r LEFT JOIN rk ON rk.n = r.n AND rk.k = r.k GROUP BY r.n, r.k)`);
  for (const n of lengths) {
    parts.joins.push(`LEFT JOIN rc rc${n} ON rc${n}.n = ${n} AND rc${n}.k = p.k`);
    parts.columns.push(`rc${n}.active AS active${n}`);
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
      const n = ROLLING_IDS[id];
      const name = `rs_${id}_${dim}`;
      const active = `SELECT DISTINCT ra.${dim} AS seg, ra.session_hash FROM ra JOIN r ON r.n = ${n} AND r.k = 0 AND ra.s >= r.lo AND ra.s < r.hi
        WHERE ra.${dim} IS NOT NULL`;
      parts.ctes.push(
        id === 'wau_high_satisfaction'
          ? `${name} AS (SELECT x.seg, COUNT(*) AS n FROM (${active}) x JOIN csat s ON ${holds('x', d.instant(to))} GROUP BY x.seg)`
          : `${name} AS (SELECT seg, COUNT(*) AS n FROM (${active}) x GROUP BY seg)`,
      );
      parts.rows.push(splitRows(d, id, dim, 'n', name, 'TRUE'));
    }
  }
}
