/**
 * Compiles a leaf formula (one that reads records) for one window and optional segment into a
 * parameterized query returning rows `(seg, value, n, excluded)`: `seg` NULL when not segmented,
 * `n` the records or sessions the value rests on, `excluded` cohort members left out because their
 * look-forward period has not ended. Combinators (ratio, share, arithmetic, metric references)
 * work on these rows in src/query-engine/evaluate.ts.
 */
import type { Dialect } from '../env.js';
import type {
  CohortFormula,
  FieldCondition,
  Formula,
  GaugeFormula,
  MeasureFormula,
  NewSessionsFormula,
  RollingActiveFormula,
  SessionStateFormula,
  SqlFormula,
  SubscriptionFormula,
  Where,
} from '../registry/define-metric.js';
import { BOOLEAN_FIELDS, columnOf, SOURCES, type SourceName } from '../registry/sources.js';
import { sql, type SqlFragment } from '../sql/fragment.js';
import { DIALECTS } from './dialect.js';
import type { TimeWindow } from './window.js';

export type LeafFormula =
  | MeasureFormula
  | RollingActiveFormula
  | NewSessionsFormula
  | CohortFormula
  | SessionStateFormula
  | GaugeFormula
  | SubscriptionFormula
  | SqlFormula;

const LEAF_KINDS = new Set(['measure', 'rollingActive', 'newSessions', 'cohort', 'sessionState', 'gauge', 'subscriptions', 'sql']);

export function isLeaf(formula: Formula): formula is LeafFormula {
  return LEAF_KINDS.has(formula.kind);
}

/** What a leaf is computed over. */
export interface LeafQuery {
  leaf: LeafFormula;
  window: TimeWindow;
  segmentBy: string | null;
  /** Cohort periods ending after this are not over yet. */
  now: Date;
}

/** Count-like leaves are 0, not "no data", over no records. */
export function emptyValueOf(leaf: LeafFormula): number | null {
  switch (leaf.kind) {
    case 'measure':
      return leaf.aggregate === 'count' || leaf.aggregate === 'countSessions' ? 0 : null;
    case 'rollingActive':
    case 'newSessions':
    case 'sessionState':
    case 'subscriptions':
      return 0;
    default:
      return null;
  }
}

export function compileLeaf(dialect: Dialect, query: LeafQuery): SqlFragment {
  switch (query.leaf.kind) {
    case 'measure':
      return measure(dialect, query.leaf, query);
    case 'rollingActive':
      return rollingActive(query.leaf, query);
    case 'newSessions':
      return newSessions(query.leaf, query);
    case 'cohort':
      return cohort(dialect, query.leaf, query);
    case 'sessionState':
      return sessionState(query.leaf, query);
    case 'gauge':
      return gauge(query.leaf, query);
    case 'subscriptions':
      return subscriptions(query.leaf, query);
    case 'sql':
      return query.leaf.query[dialect]({ ...query.window, now: query.now, segmentBy: query.segmentBy });
  }
}

const ident = (name: string) => sql.raw(name);

/** A column as a segment key: text, with booleans as 'true'/'false' on both databases. */
function segmentKey(source: SourceName, field: string, alias = ''): SqlFragment {
  const column = sql.raw(`${alias}${columnOf(source, field)}`);
  return BOOLEAN_FIELDS.has(field)
    ? sql`CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN 'true' ELSE 'false' END`
    : sql`CAST(${column} AS TEXT)`;
}

function condition(column: SqlFragment, test: FieldCondition): SqlFragment[] {
  if (Array.isArray(test)) return [sql`${column} IN (${sql.join(test.map((v) => sql`${v}`))})`];
  if (typeof test !== 'object' || test === null) return [sql`${column} = ${test as string | number | boolean}`];
  const parts: SqlFragment[] = [];
  const t = test as Exclude<FieldCondition, string | number | boolean | readonly unknown[]>;
  if (t.gte !== undefined) parts.push(sql`${column} >= ${t.gte}`);
  if (t.gt !== undefined) parts.push(sql`${column} > ${t.gt}`);
  if (t.lte !== undefined) parts.push(sql`${column} <= ${t.lte}`);
  if (t.lt !== undefined) parts.push(sql`${column} < ${t.lt}`);
  if (t.notNull) parts.push(sql`${column} IS NOT NULL`);
  if (t.not !== undefined) {
    const values = Array.isArray(t.not) ? t.not : [t.not];
    parts.push(sql`${column} NOT IN (${sql.join(values.map((v) => sql`${v}`))})`);
  }
  return parts;
}

function whereClauses(source: SourceName, where: Where | undefined, alias = ''): SqlFragment[] {
  return Object.entries(where ?? {}).flatMap(([field, test]) =>
    test === undefined ? [] : condition(sql.raw(`${alias}${columnOf(source, field)}`), test as FieldCondition),
  );
}

const and = (parts: SqlFragment[]) => (parts.length === 0 ? sql`TRUE` : sql.join(parts, ' AND '));

/** Grouping tail and the NOT NULL filter on the segment column, when segmented. */
function grouping(source: SourceName, segmentBy: string | null, alias = '') {
  if (segmentBy === null) return { seg: sql`NULL`, filter: [] as SqlFragment[], groupBy: sql`` };
  return {
    seg: segmentKey(source, segmentBy, alias),
    filter: [sql`${sql.raw(`${alias}${columnOf(source, segmentBy)}`)} IS NOT NULL`],
    groupBy: sql` GROUP BY 1`,
  };
}

function measure(dialect: Dialect, leaf: MeasureFormula, { window, segmentBy }: LeafQuery): SqlFragment {
  const source = SOURCES[leaf.source];
  const time = ident(source.time);
  const field = leaf.field ? ident(columnOf(leaf.source, leaf.field)!) : sql`NULL`;
  const g = grouping(leaf.source, segmentBy);
  const aggregates: Record<MeasureFormula['aggregate'], [SqlFragment, SqlFragment]> = {
    count: [sql`COUNT(*)`, sql`COUNT(*)`],
    countSessions: [sql`COUNT(DISTINCT session_hash)`, sql`COUNT(DISTINCT session_hash)`],
    sum: [sql`SUM(${field})`, sql`COUNT(${field})`],
    avg: [sql`AVG(${field})`, sql`COUNT(${field})`],
    min: [sql`MIN(${field})`, sql`COUNT(${field})`],
    max: [sql`MAX(${field})`, sql`COUNT(${field})`],
    percentile: [DIALECTS[dialect].percentile(field, leaf.percentile ?? 50), sql`COUNT(${field})`],
  };
  const [value, n] = aggregates[leaf.aggregate];
  const filters = [
    sql`${time} >= ${window.from}`,
    sql`${time} < ${window.to}`,
    ...whereClauses(leaf.source, leaf.where as Where),
    ...g.filter,
  ];
  return sql`SELECT ${g.seg} AS seg, ${value} AS value, ${n} AS n, 0 AS excluded
    FROM ${ident(source.table)} WHERE ${and(filters)}${g.groupBy}`;
}

const DAY_MS = 86_400_000;

/** Sessions whose latest answer to a survey before `to` scores at least `min`. */
function latestSurveyScoreAtLeast(survey: string, min: number, to: Date): SqlFragment {
  return sql`SELECT session_hash FROM (
      SELECT session_hash, score,
        ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp DESC, response_id DESC) AS rn
      FROM survey_responses WHERE survey = ${survey} AND timestamp < ${to}
    ) latest WHERE rn = 1 AND score >= ${min}`;
}

function rollingActive(leaf: RollingActiveFormula, { window, segmentBy }: LeafQuery): SqlFragment {
  const start = new Date(window.to.getTime() - leaf.days * DAY_MS);
  const g = grouping('events', segmentBy);
  const filters = [
    sql`event_type = 'COMMAND_EXECUTED'`,
    sql`timestamp >= ${start}`,
    sql`timestamp < ${window.to}`,
    ...g.filter,
  ];
  if (leaf.latestSurvey) {
    const { survey, scoreAtLeast } = leaf.latestSurvey;
    filters.push(sql`session_hash IN (${latestSurveyScoreAtLeast(survey, scoreAtLeast, window.to)})`);
  }
  return sql`SELECT ${g.seg} AS seg, COUNT(DISTINCT session_hash) AS value, COUNT(DISTINCT session_hash) AS n, 0 AS excluded
    FROM telemetry_events WHERE ${and(filters)}${g.groupBy}`;
}

/** The session's value of `field` on its earliest event that carries one (platform, persona…). */
function sessionAttribute(field: string, sessionHash: SqlFragment): SqlFragment {
  const column = ident(columnOf('events', field)!);
  return sql`(SELECT ${segmentKey('events', field, 'a.')} FROM telemetry_events a
    WHERE a.session_hash = ${sessionHash} AND a.${column} IS NOT NULL ORDER BY a.timestamp LIMIT 1)`;
}

/** Sessions first seen (earliest event of any type) in the window, with their first-seen time. */
function cohortOf(window: TimeWindow): SqlFragment {
  // A session first seen in the window has an event in it: only those sessions' events are scanned.
  return sql`SELECT session_hash, MIN(timestamp) AS first_seen FROM telemetry_events
    WHERE session_hash IN (SELECT session_hash FROM telemetry_events WHERE timestamp >= ${window.from} AND timestamp < ${window.to})
    GROUP BY session_hash HAVING MIN(timestamp) >= ${window.from}`;
}

function newSessions(leaf: NewSessionsFormula, { window, segmentBy }: LeafQuery): SqlFragment {
  if (leaf.firstSeen === 'beforeEnd') {
    // First seen before `to` is the same as having any event before `to`.
    const g = grouping('events', segmentBy);
    if (segmentBy === null) {
      // DISTINCT in a subquery lets PostgreSQL hash rather than sort a million rows.
      return sql`SELECT NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
        FROM (SELECT DISTINCT session_hash FROM telemetry_events WHERE timestamp < ${window.to}) s`;
    }
    return sql`SELECT seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (
        SELECT s.session_hash, ${sessionAttribute(segmentBy, sql`s.session_hash`)} AS seg
        FROM (SELECT DISTINCT session_hash FROM telemetry_events WHERE timestamp < ${window.to}) s
      ) x WHERE seg IS NOT NULL${g.groupBy}`;
  }
  const seg = segmentBy === null ? sql`NULL` : sessionAttribute(segmentBy, sql`c.session_hash`);
  return sql`SELECT ${segmentBy === null ? sql`NULL` : sql`seg`} AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (
      SELECT ${seg} AS seg FROM (${cohortOf(window)}) c
    ) x${segmentBy === null ? sql`` : sql` WHERE seg IS NOT NULL GROUP BY seg`}`;
}

function cohort(dialect: Dialect, leaf: CohortFormula, { window, segmentBy, now }: LeafQuery): SqlFragment {
  const d = DIALECTS[dialect];
  const firstSeen = sql`c.first_seen`;
  const [periodStart, periodEnd] =
    leaf.period === 'nextUtcDay'
      ? [d.addMs(d.utcDayStart(firstSeen), DAY_MS), d.addMs(d.utcDayStart(firstSeen), 2 * DAY_MS)]
      : [d.addMs(firstSeen, leaf.period.offsetDays * DAY_MS), d.addMs(firstSeen, (leaf.period.offsetDays + leaf.period.days) * DAY_MS)];
  const seg = segmentBy === null ? sql`NULL` : sessionAttribute(segmentBy, sql`c.session_hash`);
  const matching = and([
    sql`e.session_hash = p.session_hash`,
    sql`e.event_type = ${leaf.condition.eventType}`,
    sql`e.timestamp >= p.period_start`,
    sql`e.timestamp < p.period_end`,
    ...whereClauses('events', leaf.condition.where as Where, 'e.'),
  ]);
  const periods = sql`SELECT c.session_hash, c.first_seen, ${seg} AS seg, ${periodStart} AS period_start, ${periodEnd} AS period_end
    FROM (${cohortOf(window)}) c`;
  // Unsegmented, the outer query aggregates everything: it must not select the (NULL) seg column itself.
  const segOut = segmentBy === null ? sql`NULL` : sql`seg`;
  const segFilter = segmentBy === null ? sql`` : sql` WHERE seg IS NOT NULL`;
  const groupBy = segmentBy === null ? sql`` : sql` GROUP BY seg`;
  const over = sql`p.period_end <= ${now}`;
  if (leaf.result === 'share') {
    return sql`SELECT ${segOut} AS seg,
        1.0 * SUM(CASE WHEN ${over} AND (SELECT COUNT(*) FROM telemetry_events e WHERE ${matching}) >= ${leaf.condition.atLeast ?? 1} THEN 1 ELSE 0 END)
          / NULLIF(SUM(CASE WHEN ${over} THEN 1 ELSE 0 END), 0) AS value,
        SUM(CASE WHEN ${over} THEN 1 ELSE 0 END) AS n,
        SUM(CASE WHEN ${over} THEN 0 ELSE 1 END) AS excluded
      FROM (${periods}) p${segFilter}${groupBy}`;
  }
  const seconds = d.secondsBetween(sql`p.first_seen`, sql`(SELECT MIN(e.timestamp) FROM telemetry_events e WHERE ${matching})`);
  return sql`SELECT ${segOut} AS seg, ${d.percentile(sql`secs`, leaf.result.percentileSeconds)} AS value, COUNT(secs) AS n,
        SUM(1 - over) AS excluded
      FROM (SELECT p.seg, CASE WHEN ${over} THEN ${seconds} END AS secs, CASE WHEN ${over} THEN 1 ELSE 0 END AS over
            FROM (${periods}) p) s
      ${segFilter}${groupBy}`;
}

function sessionState(leaf: SessionStateFormula, { window, segmentBy }: LeafQuery): SqlFragment {
  const column = ident(columnOf('events', leaf.field)!);
  const matchClause = leaf.match === undefined ? [] : condition(sql`l.${column}`, leaf.match);
  const seg = segmentBy === null ? sql`NULL` : segmentKey('events', leaf.field, 'l.');
  // One indexed lookup per active session (session_hash, timestamp), newest first: ranking every
  // event of those sessions instead took seconds on a million events.
  return sql`SELECT ${seg} AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (
      SELECT (SELECT e.${column} FROM telemetry_events e
              WHERE e.session_hash = a.session_hash AND e.timestamp < ${window.to} AND e.${column} IS NOT NULL
              ORDER BY e.timestamp DESC, e.event_id DESC LIMIT 1) AS ${column}
      FROM (SELECT DISTINCT session_hash FROM telemetry_events
            WHERE event_type = 'COMMAND_EXECUTED' AND timestamp >= ${window.from} AND timestamp < ${window.to}) a
    ) l WHERE ${and([sql`l.${column} IS NOT NULL`, ...matchClause])}${segmentBy === null ? sql`` : sql` GROUP BY 1`}`;
}

function gauge(leaf: GaugeFormula, { window }: LeafQuery): SqlFragment {
  const [source, name] = leaf.gauge.split('.') as [string, string];
  return sql`SELECT NULL AS seg, value, 1 AS n, 0 AS excluded FROM gauge_observations
    WHERE source = ${source} AND name = ${name} AND observed_at < ${window.to}
    ORDER BY observed_at DESC LIMIT 1`;
}

/** Each account's latest billing event before `at`. */
function accountsAt(at: Date): SqlFragment {
  return sql`SELECT account_id, kind, tier, monthly_amount_cents FROM (
      SELECT account_id, kind, tier, monthly_amount_cents,
        ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY timestamp DESC, event_id DESC) AS rn
      FROM subscription_events WHERE timestamp < ${at}
    ) ranked WHERE rn = 1 AND kind <> 'CANCELLED'`;
}

function subscriptions(leaf: SubscriptionFormula, { window, segmentBy }: LeafQuery): SqlFragment {
  const at = leaf.measure === 'cancelledPaying' || leaf.at === 'start' ? window.from : window.to;
  const seg = segmentBy === null ? sql`NULL` : sql`s.tier`;
  const groupBy = segmentBy === null ? sql`` : sql` GROUP BY s.tier`;
  const filters: SqlFragment[] = [];
  if (leaf.measure !== 'accounts' && leaf.measure !== 'mrr') filters.push(sql`s.tier <> 'FREE'`);
  if (leaf.measure === 'cancelledPaying') {
    filters.push(sql`EXISTS (SELECT 1 FROM subscription_events c WHERE c.account_id = s.account_id
      AND c.kind = 'CANCELLED' AND c.timestamp >= ${window.from} AND c.timestamp < ${window.to})`);
  }
  const value = leaf.measure === 'mrr' ? sql`COALESCE(SUM(s.monthly_amount_cents), 0) / 100.0` : sql`COUNT(*)`;
  return sql`SELECT ${seg} AS seg, ${value} AS value, COUNT(*) AS n, 0 AS excluded
    FROM (${accountsAt(at)}) s WHERE ${and(filters)}${groupBy}`;
}
