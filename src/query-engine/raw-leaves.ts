/**
 * Leaves computed from the raw records: the reference every rollup must agree with, and the answer
 * whenever no rollup can give an exact one (CARO_QUERY_SOURCE=raw forces it). Each compiles a
 * LeafBatch into one statement returning rows `(k, seg, value, n, excluded)`: `k` the window's
 * position, `seg` NULL when not segmented, `n` the records or sessions the value rests on,
 * `excluded` cohort members left out because their look-forward period has not ended.
 */
import type { Dialect } from '../env.js';
import type {
  CohortFormula,
  EngagedSessionsFormula,
  GaugeFormula,
  MeasureFormula,
  NewSessionsFormula,
  RollingActiveFormula,
  SessionStateFormula,
  SubscriptionFormula,
  Where,
} from '../registry/define-metric.js';
import { SOURCES } from '../registry/sources.js';
import { sql, type SqlFragment } from '../sql/fragment.js';
import { DIALECTS } from './dialect.js';
import { and, col, condition, filterClauses, segmentKey, segmentOf, whereClauses, type Filter, type LeafBatch } from './leaf-sql.js';
import { DAY_MS, indexed, rangesRelation, slicesOf, type IndexedRange } from './windows-sql.js';

/** A leaf batch as one statement, and what it reads. */
export interface CompiledLeaf {
  query: SqlFragment;
  /** The tables the statement reads, for developers: which table answered. */
  tables: readonly string[];
  /**
   * Set when the rows are per slice (k = slice) rather than per window: the slice of each window's
   * end, whose running sum is the window's value (src/query-engine/windows-sql.ts, slicesOf).
   */
  cumulative?: readonly number[];
}

const maxEnd = (ranges: readonly IndexedRange[]) => new Date(Math.max(...ranges.map((r) => r.hi.getTime())));

export function rawMeasure(dialect: Dialect, leaf: MeasureFormula, batch: LeafBatch): CompiledLeaf {
  const source = SOURCES[leaf.source];
  const time = sql.raw(`t.${source.time}`);
  const field = leaf.field ? col(leaf.source, leaf.field, 't.') : sql`NULL`;
  const g = segmentOf(leaf.source, batch.segmentBy, 't.', batch.filter);
  const aggregates: Record<MeasureFormula['aggregate'], [SqlFragment, SqlFragment]> = {
    count: [sql`COUNT(*)`, sql`COUNT(*)`],
    countSessions: [sql`COUNT(DISTINCT t.session_hash)`, sql`COUNT(DISTINCT t.session_hash)`],
    sum: [sql`SUM(${field})`, sql`COUNT(${field})`],
    avg: [sql`AVG(${field})`, sql`COUNT(${field})`],
    min: [sql`MIN(${field})`, sql`COUNT(${field})`],
    max: [sql`MAX(${field})`, sql`COUNT(${field})`],
    percentile: [DIALECTS[dialect].percentile(field, leaf.percentile ?? 50), sql`COUNT(${field})`],
  };
  const [value, n] = aggregates[leaf.aggregate];
  const filters = [...whereClauses(leaf.source, leaf.where as Where, 't.'), ...g.filter];
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', indexed(batch.windows))}
      SELECT w.k AS k, ${g.seg} AS seg, ${value} AS value, ${n} AS n, 0 AS excluded
      FROM w JOIN ${sql.raw(source.table)} t ON ${time} >= w.lo AND ${time} < w.hi
      WHERE ${and(filters)} GROUP BY 1, 2`,
    tables: [source.table],
  };
}

/** Each window's look-back range of a rolling leaf: the `days` days ending at its end. */
export const lookBack = (leaf: RollingActiveFormula, batch: LeafBatch): IndexedRange[] =>
  batch.windows.map((w, k) => ({ k, lo: new Date(w.to.getTime() - leaf.days * DAY_MS), hi: w.to }));

/**
 * Counts the sessions of `active` (rows `k, hi, session_hash, seg`, one per session and segment of a
 * window), keeping, for `latestSurvey`, those whose latest answer before the window's end scores
 * enough. Each answer holds until the session's next one: one pass over the answers serves every window.
 */
export function countActive(leaf: RollingActiveFormula, active: SqlFragment, ranges: readonly IndexedRange[]): SqlFragment {
  if (!leaf.latestSurvey) {
    return sql`SELECT a.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (${active}) a GROUP BY 1, 2`;
  }
  const { survey, scoreAtLeast } = leaf.latestSurvey;
  return sql`SELECT a.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
    FROM (${active}) a JOIN (
      SELECT session_hash, score, timestamp AS t0,
        LEAD(timestamp) OVER (PARTITION BY session_hash ORDER BY timestamp, response_id) AS t1
      FROM survey_responses WHERE survey = ${survey} AND timestamp < ${maxEnd(ranges)}
    ) s ON s.session_hash = a.session_hash AND s.t0 < a.hi AND (s.t1 IS NULL OR s.t1 >= a.hi)
    WHERE s.score >= ${scoreAtLeast} GROUP BY 1, 2`;
}

export function rawRollingActive(dialect: Dialect, leaf: RollingActiveFormula, batch: LeafBatch): CompiledLeaf {
  const ranges = lookBack(leaf, batch);
  const g = segmentOf('events', batch.segmentBy, 't.', batch.filter);
  const active = sql`SELECT DISTINCT w.k AS k, w.hi AS hi, t.session_hash AS session_hash, ${g.seg} AS seg
    FROM w JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
    WHERE ${and([sql`t.event_type = 'COMMAND_EXECUTED'`, ...g.filter])}`;
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', ranges)} ${countActive(leaf, active, ranges)}`,
    tables: leaf.latestSurvey ? ['telemetry_events', 'survey_responses'] : ['telemetry_events'],
  };
}

/** The session's value of `field` on its earliest event that carries one (platform, persona…). */
function sessionAttribute(field: string, sessionHash: SqlFragment): SqlFragment {
  return sql`(SELECT ${segmentKey('events', field, 'a.')} FROM telemetry_events a
    WHERE a.session_hash = ${sessionHash} AND ${col('events', field, 'a.')} IS NOT NULL ORDER BY a.timestamp, a.event_id LIMIT 1)`;
}

/** First seen (earliest event of any type) of the sessions with an event in one of the ranges `w`. */
const FIRST_SEEN_IN_RANGES = sql`SELECT session_hash, MIN(timestamp) AS first_seen FROM telemetry_events
  WHERE session_hash IN (SELECT t.session_hash FROM w JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi)
  GROUP BY session_hash`;

/**
 * Sessions per range of first-seen times, from `firstSeen` (rows `session_hash, first_seen`, and the
 * segment `seg` when its attributes are `stored`, already filtered: the first-seen table keeps them).
 * Raw events `lookup` the session's attributes instead, for the segment and for `filter`.
 */
export function countFirstSeen(firstSeen: SqlFragment, segmentBy: string | null, attributes: 'stored' | 'lookup', filter: Filter = {}): SqlFragment {
  const kept = attributes === 'lookup' ? firstSeenFilter(filter, sql`f.session_hash`) : [];
  const inRange = sql`SELECT w.k AS k, f.session_hash AS session_hash${attributes === 'stored' && segmentBy ? sql`, f.seg AS seg` : sql``}
    FROM w JOIN (${firstSeen}) f ON f.first_seen >= w.lo AND f.first_seen < w.hi${kept.length > 0 ? sql` WHERE ${and(kept)}` : sql``}`;
  if (segmentBy === null) return sql`SELECT x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (${inRange}) x GROUP BY 1, 2`;
  const seg = attributes === 'stored' ? sql`x.seg` : sql`a.seg`;
  const attributed =
    attributes === 'stored'
      ? sql`(${inRange}) x`
      : sql`(${inRange}) x JOIN (SELECT s.session_hash, ${sessionAttribute(segmentBy, sql`s.session_hash`)} AS seg
          FROM (SELECT DISTINCT session_hash FROM (${inRange}) y) s) a ON a.session_hash = x.session_hash`;
  return sql`SELECT x.k AS k, ${seg} AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
    FROM ${attributed} WHERE ${seg} IS NOT NULL GROUP BY 1, 2`;
}

/** `filter` on sessions' first-seen attributes, each looked up in raw events. */
const firstSeenFilter = (filter: Filter, sessionHash: SqlFragment) => filterClauses(filter, (dimension) => sessionAttribute(dimension, sessionHash));

/**
 * The ranges a newSessions leaf counts over: the windows, or for `beforeEnd` the slices between the
 * windows' ends (a session first seen before `to` is counted in the slice of its first-seen time).
 */
export function newSessionRanges(leaf: NewSessionsFormula, batch: LeafBatch): { ranges: IndexedRange[]; cumulative?: number[] } {
  if (leaf.firstSeen !== 'beforeEnd') return { ranges: indexed(batch.windows) };
  const { slices, sliceOfEnd } = slicesOf(batch.windows.map((w) => w.to));
  return { ranges: slices, cumulative: batch.windows.map((w) => sliceOfEnd.get(w.to.getTime())!) };
}

export function rawNewSessions(dialect: Dialect, leaf: NewSessionsFormula, batch: LeafBatch): CompiledLeaf {
  const { ranges, cumulative } = newSessionRanges(leaf, batch);
  // Before `to`, every session with an event counts: no need to find which have one in a range.
  const firstSeen =
    leaf.firstSeen === 'beforeEnd'
      ? sql`SELECT session_hash, MIN(timestamp) AS first_seen FROM telemetry_events WHERE timestamp < ${maxEnd(ranges)} GROUP BY session_hash`
      : FIRST_SEEN_IN_RANGES;
  const query = sql`WITH ${rangesRelation(dialect, 'w', ranges)} ${countFirstSeen(firstSeen, batch.segmentBy, 'lookup', batch.filter)}`;
  return cumulative ? { query, tables: ['telemetry_events'], cumulative } : { query, tables: ['telemetry_events'] };
}

/** Start and end of each cohort member's look-forward period, from `c.first_seen`. */
export function cohortPeriod(dialect: Dialect, leaf: CohortFormula): [SqlFragment, SqlFragment] {
  const d = DIALECTS[dialect];
  const firstSeen = sql`c.first_seen`;
  return leaf.period === 'nextUtcDay'
    ? [d.addMs(d.utcDayStart(firstSeen), DAY_MS), d.addMs(d.utcDayStart(firstSeen), 2 * DAY_MS)]
    : [d.addMs(firstSeen, leaf.period.offsetDays * DAY_MS), d.addMs(firstSeen, (leaf.period.offsetDays + leaf.period.days) * DAY_MS)];
}

/** Column `name` of cohort leaf `i` in a cohort statement's outcomes (`over_0`, `met_1`, …). */
export const cohortColumn = (name: 'over' | 'met' | 'secs' | 'ps' | 'pe' | 'ps_up' | 'pe_down' | 'outcome', i: number, alias = '') => sql.raw(`${alias}${name}_${i}`);

/**
 * The statement of cohort leaves over the same members: their outcomes aggregated per window.
 * `outcomes` has one row per member: `first_seen, seg, ks` (the keys of the windows it is in, a
 * list: DialectSql.listOf) and, for each leaf i, `over_i` (1 when its period has ended) and `met_i`
 * (share) or `secs_i` (percentile). It is materialized: a member in several windows (the window and
 * a bucket of its series) is looked at once, and handed back to each by its list: PostgreSQL
 * compared every member with every window's bounds (the five growth cohorts over 33 windows at 1 M
 * events: 435 → 360 ms; on SQLite, which indexes the bounds, 170 → 175 ms). Its rows carry `i`, the
 * leaf's position in `leaves`.
 */
export function cohortStatement(dialect: Dialect, leaves: readonly CohortFormula[], batch: LeafBatch, outcomes: SqlFragment): SqlFragment {
  const segmented = batch.segmentBy !== null;
  const columns = leaves.map((leaf, i) => sql`o.${cohortColumn('over', i)}, o.${cohortColumn(leaf.result === 'share' ? 'met' : 'secs', i)}`);
  // Several leaves each aggregate the members of each window: they are handed out once.
  const joined = sql`SELECT w.value AS k, o.seg, ${sql.join(columns, ', ')} FROM o CROSS JOIN ${DIALECTS[dialect].listItems(sql`o.ks`, 'w')}${segmented ? sql` WHERE o.seg IS NOT NULL` : sql``}`;
  const perLeaf = leaves.map((leaf, i) => {
    const [over, met, secs] = [cohortColumn('over', i, 'j.'), cohortColumn('met', i, 'j.'), cohortColumn('secs', i, 'j.')];
    const value =
      leaf.result === 'share'
        ? sql`1.0 * SUM(${over} * ${met}) / NULLIF(SUM(${over}), 0) AS value, SUM(${over}) AS n`
        : sql`${DIALECTS[dialect].percentile(secs, leaf.result.percentileSeconds)} AS value, COUNT(${secs}) AS n`;
    return sql`SELECT ${sql.raw(String(i))} AS i, j.k AS k, ${segmented ? sql`j.seg` : sql`NULL`} AS seg, ${value}, SUM(1 - ${over}) AS excluded FROM j GROUP BY 2, 3`;
  });
  return sql`WITH ${rangesRelation(dialect, 'w', indexed(batch.windows))}, o AS MATERIALIZED (${outcomes}),
    j AS ${leaves.length > 1 ? sql`MATERIALIZED ` : sql``}(${joined})
    ${sql.join(perLeaf, ' UNION ALL ')}`;
}

export function rawCohort(dialect: Dialect, leaf: CohortFormula, batch: LeafBatch): CompiledLeaf {
  const [periodStart, periodEnd] = cohortPeriod(dialect, leaf);
  const segmented = batch.segmentBy !== null;
  const seg = segmented ? sessionAttribute(batch.segmentBy!, sql`c.session_hash`) : sql`NULL`;
  const matching = and([
    sql`e.session_hash = p.session_hash`,
    sql`e.event_type = ${leaf.condition.eventType}`,
    sql`e.timestamp >= p.period_start`,
    sql`e.timestamp < p.period_end`,
    ...whereClauses('events', leaf.condition.where as Where, 'e.'),
  ]);
  const over = sql`CASE WHEN p.period_end <= ${batch.now} THEN 1 ELSE 0 END`;
  const result =
    leaf.result === 'share'
      ? sql`CASE WHEN p.period_end <= ${batch.now} AND (SELECT COUNT(*) FROM telemetry_events e WHERE ${matching}) >= ${leaf.condition.atLeast ?? 1} THEN 1 ELSE 0 END AS ${cohortColumn('met', 0)}`
      : sql`CASE WHEN p.period_end <= ${batch.now} THEN ${DIALECTS[dialect].secondsBetween(sql`p.first_seen`, sql`(SELECT MIN(e.timestamp) FROM telemetry_events e WHERE ${matching})`)} END AS ${cohortColumn('secs', 0)}`;
  const outcomes = sql`SELECT p.first_seen, p.seg, p.ks, ${over} AS ${cohortColumn('over', 0)}, ${result} FROM (
      SELECT c.session_hash, c.first_seen, c.ks, ${seg} AS seg, ${periodStart} AS period_start, ${periodEnd} AS period_end
      FROM (SELECT f.session_hash, f.first_seen, ${DIALECTS[dialect].listOf(sql`w.k`)} AS ks FROM w JOIN (${FIRST_SEEN_IN_RANGES}) f
            ON f.first_seen >= w.lo AND f.first_seen < w.hi WHERE ${and(firstSeenFilter(batch.filter, sql`f.session_hash`))} GROUP BY 1, 2) c
    ) p`;
  return { query: cohortStatement(dialect, [leaf], batch, outcomes), tables: ['telemetry_events'] };
}

/**
 * The latest value of a state field the session of row `a` (`a.session_hash`, `a.hi`) sent before
 * `a.hi`: one indexed lookup, newest first.
 */
export function latestState(field: string): SqlFragment {
  const column = col('events', field);
  return sql`(SELECT e.${column} FROM telemetry_events e
    WHERE e.session_hash = a.session_hash AND e.timestamp < a.hi AND e.${column} IS NOT NULL
    ORDER BY e.timestamp DESC, e.event_id DESC LIMIT 1)`;
}

/**
 * Counts the sessions of `states` (rows `k` and the latest value of the leaf's field, in a column of
 * the field's own name) by that value.
 */
export function countStates(leaf: SessionStateFormula, states: SqlFragment, segmented: boolean, filter: Filter): SqlFragment {
  const column = col('events', leaf.field);
  // Its only dimension is the field itself: a filter keeps sessions by their latest value.
  const matchClause = [...(leaf.match === undefined ? [] : condition(sql`l.${column}`, leaf.match)), ...filterClauses(filter, () => segmentKey('events', leaf.field, 'l.'))];
  return sql`SELECT l.k AS k, ${segmented ? segmentKey('events', leaf.field, 'l.') : sql`NULL`} AS seg,
      COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
    FROM ${states} l
    WHERE ${and([sql`l.${column} IS NOT NULL`, ...matchClause])} GROUP BY 1, 2`;
}

/** Counts the sessions of `active` (rows `k, hi, session_hash`) by the latest value of the state field they sent before the window's end. */
export function countByState(leaf: SessionStateFormula, active: SqlFragment, segmented: boolean, filter: Filter): SqlFragment {
  return countStates(leaf, sql`(SELECT a.k, ${latestState(leaf.field)} AS ${col('events', leaf.field)} FROM (${active}) a)`, segmented, filter);
}

export function rawSessionState(dialect: Dialect, leaf: SessionStateFormula, batch: LeafBatch): CompiledLeaf {
  const active = sql`SELECT DISTINCT w.k AS k, w.hi AS hi, t.session_hash AS session_hash
    FROM w JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi WHERE t.event_type = 'COMMAND_EXECUTED'`;
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', indexed(batch.windows))} ${countByState(leaf, active, batch.segmentBy !== null, batch.filter)}`,
    tables: ['telemetry_events'],
  };
}

export function gaugeLeaf(dialect: Dialect, leaf: GaugeFormula, batch: LeafBatch): CompiledLeaf {
  const [source, name] = leaf.gauge.split('.') as [string, string];
  // (source, name, observed_at) is the key: the latest observation before each end is one row.
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', indexed(batch.windows))}
      SELECT w.k AS k, NULL AS seg, g.value AS value, 1 AS n, 0 AS excluded
      FROM w JOIN gauge_observations g ON g.source = ${source} AND g.name = ${name} AND g.observed_at = (
        SELECT MAX(observed_at) FROM gauge_observations WHERE source = ${source} AND name = ${name} AND observed_at < w.hi)`,
    tables: ['gauge_observations'],
  };
}

export function subscriptionsLeaf(dialect: Dialect, leaf: SubscriptionFormula, batch: LeafBatch): CompiledLeaf {
  const atStart = leaf.measure === 'cancelledPaying' || leaf.at === 'start';
  const at = sql.raw(atStart ? 'w.lo' : 'w.hi');
  const latestAt = new Date(Math.max(...batch.windows.map((w) => (atStart ? w.from : w.to).getTime())));
  const segmented = batch.segmentBy !== null;
  const filters: SqlFragment[] = [sql`s.kind <> 'CANCELLED'`, ...filterClauses(batch.filter, () => sql`s.tier`)];
  if (leaf.measure !== 'accounts' && leaf.measure !== 'mrr') filters.push(sql`s.tier <> 'FREE'`);
  if (leaf.measure === 'cancelledPaying') {
    filters.push(sql`EXISTS (SELECT 1 FROM subscription_events c WHERE c.account_id = s.account_id
      AND c.kind = 'CANCELLED' AND c.timestamp >= w.lo AND c.timestamp < w.hi)`);
  }
  const value = leaf.measure === 'mrr' ? sql`COALESCE(SUM(s.monthly_amount_cents), 0) / 100.0` : sql`COUNT(*)`;
  // Each account's state is its latest billing event: each event holds until the account's next one.
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', indexed(batch.windows))}
      SELECT w.k AS k, ${segmented ? sql`s.tier` : sql`NULL`} AS seg, ${value} AS value, COUNT(*) AS n, 0 AS excluded
      FROM w JOIN (
        SELECT account_id, kind, tier, monthly_amount_cents, timestamp AS t0,
          LEAD(timestamp) OVER (PARTITION BY account_id ORDER BY timestamp, event_id) AS t1
        FROM subscription_events WHERE timestamp < ${latestAt}
      ) s ON s.t0 < ${at} AND (s.t1 IS NULL OR s.t1 >= ${at})
      WHERE ${and(filters)} GROUP BY 1, 2`,
    tables: ['subscription_events'],
  };
}


/**
 * Counts, per window, the sessions of `engaged` (rows `k, session_hash`: the session had sent its
 * `atLeast`-th matching event before window k's end) that, with `answeredSurvey`, answered a survey
 * in the window.
 */
export function countEngaged(leaf: EngagedSessionsFormula, engaged: SqlFragment): SqlFragment {
  // Answers are few: each window's answering sessions first, matched to its engaged ones. Probing
  // the answers for every engaged session and window instead took half of PostgreSQL's time at 1 M
  // events (104 → 56 ms for 10 windows); SQLite, which probes them by index, loses a little (77 → 89 ms).
  const counted = leaf.answeredSurvey
    ? sql`SELECT r.k AS k FROM (${engaged}) r JOIN (SELECT w.k AS k, s.session_hash AS session_hash FROM w
        JOIN survey_responses s ON s.timestamp >= w.lo AND s.timestamp < w.hi GROUP BY 1, 2) a ON a.k = r.k AND a.session_hash = r.session_hash`
    : engaged;
  return sql`SELECT x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (${counted}) x GROUP BY 1, 2`;
}

/** The events a cohort or engagement condition counts, on the events table aliased `alias`. */
export const conditionOf = (condition: EngagedSessionsFormula['condition'] | CohortFormula['condition'], alias: string): SqlFragment[] => [
  sql`${sql.raw(`${alias}.event_type`)} = ${condition.eventType}`,
  ...whereClauses('events', condition.where as Where, `${alias}.`),
];

export function rawEngagedSessions(dialect: Dialect, leaf: EngagedSessionsFormula, batch: LeafBatch): CompiledLeaf {
  const ranges = indexed(batch.windows);
  // Each session's atLeast-th matching event, by time then id, is when it reached the mark.
  const reached = sql`SELECT session_hash, timestamp AS reached_at FROM (
      SELECT t.session_hash, t.timestamp, ROW_NUMBER() OVER (PARTITION BY t.session_hash ORDER BY t.timestamp, t.event_id) AS rn
      FROM telemetry_events t WHERE ${and([...conditionOf(leaf.condition, 't'), sql`t.timestamp < ${maxEnd(ranges)}`])}
    ) x WHERE rn = ${leaf.condition.atLeast}`;
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', ranges)} ${countEngaged(leaf, sql`SELECT w.k AS k, x.session_hash AS session_hash FROM w JOIN (${reached}) x ON x.reached_at < w.hi`)}`,
    tables: leaf.answeredSurvey ? ['telemetry_events', 'survey_responses'] : ['telemetry_events'],
  };
}
