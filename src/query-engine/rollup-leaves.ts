/**
 * Aggregate awareness, as Cube matches pre-aggregations: a leaf is answered from the smallest rollup
 * (src/rollups/definitions.ts) that has every field it filters and splits on and the aggregate it
 * needs, and from raw events otherwise (raw-leaves.ts). Rollups hold whole UTC days: a window's whole
 * days are read from the rollup and its partial days at the edges from raw events, in the same
 * statement, so the answer is exactly the raw one.
 */
import type { Dialect } from '../env.js';
import type { CohortFormula, EngagedSessionsFormula, MeasureFormula, NewSessionsFormula, RollingActiveFormula, SessionStateFormula, Where } from '../registry/define-metric.js';
import { columnOf, type EventField } from '../registry/sources.js';
import { DAILY_ROLLUPS, FIRST_SEEN_ATTRIBUTES, FIRST_SEEN_TABLE, hourlyTwin, SESSION_DAYS, type Rollup } from '../rollups/definitions.js';
import { sql, type SqlFragment } from '../sql/fragment.js';
import { DIALECTS } from './dialect.js';
import { stableJson } from './stable-json.js';
import { and, col, filterClauses, segmentKey, segmentOf, whereClauses, type Filter, type LeafBatch } from './leaf-sql.js';
import {
  cohortColumn,
  cohortPeriod,
  cohortStatement,
  conditionOf,
  countActive,
  countStates,
  latestState,
  countFirstSeen,
  lookBack,
  newSessionRanges,
  type CompiledLeaf,
} from './raw-leaves.js';
import { DAY_MS, HOUR_MS, indexed, instant, rangesRelation, splitBy, type IndexedRange } from './windows-sql.js';

/** How a rollup answers a leaf over events: which of its counters, and the conditions left for its dimensions. */
export interface RollupMatch {
  rollup: Rollup;
  measure: string;
  /** The leaf's conditions on the rollup's dimensions (the counter already holds the rest). */
  residual: Where<'events'>;
}

/**
 * The first (smallest) rollup whose dimensions hold the segment and the leaf's conditions, except
 * those one of its counters already applies, exactly as written.
 */
export function matchRollup(
  where: Where<'events'> | undefined,
  /** The fields split or filtered on: the rollup must keep them. */
  dimensions: readonly string[],
  needs: { perSession?: boolean; stats?: EventField; times?: boolean; histogramOf?: EventField } = {},
): RollupMatch | null {
  const conditions = Object.entries(where ?? {}).filter(([, test]) => test !== undefined);
  const asked = (held: Where<'events'>) =>
    Object.entries(held).every(([field, test]) => stableJson((where as Record<string, unknown> | undefined)?.[field]) === stableJson(test));
  for (const rollup of DAILY_ROLLUPS) {
    if (needs.perSession && !rollup.perSession) continue;
    if (needs.stats && !rollup.stats.includes(needs.stats)) continue;
    if (needs.histogramOf && !rollup.dimensions.includes(needs.histogramOf)) continue;
    if (!dimensions.every((d) => rollup.dimensions.includes(d as EventField))) continue;
    // A rollup of some events only answers a leaf about exactly those.
    if (!asked(rollup.where ?? {})) continue;
    for (const [name, measure] of Object.entries(rollup.measures)) {
      if (needs.times && !measure.times) continue;
      // Stats summarise every event of the row: only the all-events counter goes with them.
      if ((needs.stats || needs.histogramOf) && Object.keys(measure.where).length > 0) continue;
      if (!asked(measure.where)) continue;
      const residual = conditions.filter(([field]) => !(field in measure.where) && !(field in (rollup.where ?? {})));
      if (residual.every(([field]) => rollup.dimensions.includes(field as EventField))) {
        return { rollup, measure: name, residual: Object.fromEntries(residual) as Where<'events'> };
      }
    }
  }
  return null;
}

/** The fields a batch splits or filters on. */
const dimensionsOf = (batch: { segmentBy: string | null; filter: Filter }) => [...(batch.segmentBy === null ? [] : [batch.segmentBy]), ...Object.keys(batch.filter)];

/** A batch's windows in three tiers: whole days, the whole hours of partial days, and the partial hours left. */
interface SplitWindows {
  dialect: Dialect;
  /** `w`, the windows, and `d`, their whole days; on SQLite `hr`, their whole hours, and `e`, their edges, too. */
  relations: SqlFragment;
  days: readonly IndexedRange[];
  hours: readonly IndexedRange[];
  edges: readonly IndexedRange[];
}

function splitWindows(dialect: Dialect, ranges: readonly IndexedRange[]): SplitWindows {
  const whole = (parts: ReturnType<typeof splitBy>[]) => parts.flatMap((p) => (p.whole ? [p.whole] : []));
  const byDay = ranges.map((range) => splitBy(DAY_MS, range));
  const byHour = byDay.flatMap((p) => p.edges).map((range) => splitBy(HOUR_MS, range));
  const [days, hours, edges] = [whole(byDay), whole(byHour), byHour.flatMap((p) => p.edges)];
  const relations = [rangesRelation(dialect, 'w', ranges)];
  if (days.length > 0) relations.push(rangesRelation(dialect, 'd', days));
  if (dialect === 'sqlite' && hours.length > 0) relations.push(rangesRelation(dialect, 'hr', hours));
  if (dialect === 'sqlite' && edges.length > 0) relations.push(rangesRelation(dialect, 'e', edges));
  return { dialect, relations: sql.join(relations), days, hours, edges };
}

/**
 * A list of day ranges' overall span, as conditions on `r.day` with values: PostgreSQL, joining a
 * rollup to the list, otherwise scanned every day of the rollup.
 */
function daySpan(dialect: Dialect, days: readonly IndexedRange[]): SqlFragment[] {
  const [first, last] = [Math.min(...days.map((d) => d.lo.getTime())), Math.max(...days.map((d) => d.hi.getTime()))];
  return [sql`r.day >= ${instant(dialect, new Date(first))}`, sql`r.day < ${instant(dialect, new Date(last))}`];
}

/**
 * Rows of the whole days from the rollup and of the whole hours from its hourly twin (both aliased
 * `r`), and of the edges from raw events (alias `t`), each selecting `k`, then the given columns,
 * in one UNION ALL. `wk.hi`, the window's end, can be selected too: joined here, so that the union
 * is never joined back to the windows (SQLite would compute it again for each window).
 *
 * SQLite reads the lists `hr` and `e` through the tables' time indexes, a range at a time.
 * PostgreSQL, joined to such a list, cannot tell that each range is short: from six edges on it
 * scanned the whole events table (1 M rows, 0.3 s for one leaf); so there each hour range and each
 * edge is a part of its own with its bounds as values, planned from the column's statistics
 * (0.06 s). (SQLite takes at most 500 parts in one UNION ALL, and needs no such help.)
 */
function daysHoursAndEdges(
  split: SplitWindows,
  rollup: Rollup,
  fromRollup: { select: SqlFragment; where: SqlFragment[] },
  fromEvents: { select: SqlFragment; where: SqlFragment[]; groupBy?: string },
): SqlFragment {
  const parts: SqlFragment[] = [];
  const hourly = hourlyTwin(rollup);
  if (split.days.length > 0) {
    const span = daySpan(split.dialect, split.days);
    parts.push(sql`SELECT d.k AS k, ${fromRollup.select} FROM d JOIN w wk ON wk.k = d.k
      JOIN ${sql.raw(rollup.table)} r ON r.day >= d.lo AND r.day < d.hi WHERE ${and([...span, ...fromRollup.where])}`);
  }
  const groupBy = fromEvents.groupBy ? sql.raw(` GROUP BY ${fromEvents.groupBy}`) : sql``;
  if (split.dialect === 'sqlite') {
    if (split.hours.length > 0) {
      parts.push(sql`SELECT hr.k AS k, ${fromRollup.select} FROM hr JOIN w wk ON wk.k = hr.k
        JOIN ${sql.raw(hourly.table)} r ON r.hour >= hr.lo AND r.hour < hr.hi WHERE ${and(fromRollup.where)}`);
    }
    if (split.edges.length > 0) {
      parts.push(sql`SELECT e.k AS k, ${fromEvents.select} FROM e JOIN w wk ON wk.k = e.k
        JOIN telemetry_events t ON t.timestamp >= e.lo AND t.timestamp < e.hi
        WHERE ${and(fromEvents.where)}${groupBy}`);
    }
  } else {
    const within = (column: string, range: IndexedRange) => [
      sql.raw(`wk.k = ${range.k}`),
      sql`${sql.raw(column)} >= ${instant(split.dialect, range.lo)}`,
      sql`${sql.raw(column)} < ${instant(split.dialect, range.hi)}`,
    ];
    for (const hours of split.hours) {
      parts.push(sql`SELECT wk.k AS k, ${fromRollup.select} FROM w wk CROSS JOIN ${sql.raw(hourly.table)} r
        WHERE ${and([...within('r.hour', hours), ...fromRollup.where])}`);
    }
    for (const edge of split.edges) {
      parts.push(sql`SELECT wk.k AS k, ${fromEvents.select} FROM w wk CROSS JOIN telemetry_events t WHERE ${and([...within('t.timestamp', edge), ...fromEvents.where])}${groupBy}`);
    }
  }
  return sql.join(parts, ' UNION ALL ');
}

const tablesOf = (rollup: Rollup, split: { hours: readonly IndexedRange[]; edges: readonly IndexedRange[] }, ...more: string[]) => [
  rollup.table,
  ...(split.hours.length > 0 ? [hourlyTwin(rollup).table] : []),
  ...(split.edges.length > 0 ? ['telemetry_events (partial hours)'] : []),
  ...more,
];

export function rollupMeasure(dialect: Dialect, leaf: MeasureFormula, batch: LeafBatch): CompiledLeaf | null {
  if (leaf.source !== 'events') return null;
  if (leaf.aggregate === 'percentile') return rollupPercentiles(dialect, leaf, batch, [leaf.percentile ?? 50]);
  if (leaf.aggregate !== 'count' && leaf.aggregate !== 'countSessions') return rollupStats(dialect, [leaf], batch);
  const where = leaf.where as Where<'events'> | undefined;
  const match = matchRollup(where, dimensionsOf(batch), { perSession: leaf.aggregate === 'countSessions' });
  if (!match) return null;
  const r = segmentOf('events', batch.segmentBy, 'r.', batch.filter);
  const rollupWhere = [...whereClauses('events', match.residual, 'r.'), ...r.filter];
  if (leaf.aggregate === 'countSessions' && match.rollup.measures[match.measure]!.times) {
    const byDay = sessionsByDay(dialect, batch, match, r.seg, rollupWhere);
    if (byDay) return byDay;
  }
  const split = splitWindows(dialect, indexed(batch.windows));
  const t = segmentOf('events', batch.segmentBy, 't.', batch.filter);
  const eventWhere = [...whereClauses('events', where, 't.'), ...t.filter];
  const head = (value: SqlFragment, n: SqlFragment) => sql`SELECT x.k AS k, x.seg AS seg, ${value} AS value, ${n} AS n, 0 AS excluded FROM (`;
  const tail = sql`) x GROUP BY 1, 2`;
  const count = sql.raw(`r.${match.measure}_count`);
  const body =
    leaf.aggregate === 'count'
      ? sql`${head(sql`SUM(x.c)`, sql`SUM(x.c)`)}${daysHoursAndEdges(
          split,
          match.rollup,
          { select: sql`${r.seg} AS seg, ${count} AS c`, where: rollupWhere },
          { select: sql`${t.seg} AS seg, COUNT(*) AS c`, where: eventWhere, groupBy: '1, 2' },
        )}${tail}`
      : countDistinctSessions(
          daysHoursAndEdges(
            split,
            match.rollup,
            { select: sql`${r.seg} AS seg, r.session_hash AS session_hash`, where: [sql`${count} > 0`, ...rollupWhere] },
            { select: sql`${t.seg} AS seg, t.session_hash AS session_hash`, where: eventWhere },
          ),
        );
  return { query: sql`WITH ${split.relations} ${body}`, tables: tablesOf(match.rollup, split) };
}

/** At most this many windows are counted each by a column of its own (below); a batch with more reads the hours. */
const WINDOW_COLUMNS = 8;

/** The start of the UTC day an instant (ms) falls in. */
const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Distinct sessions from the daily per-session rows alone, when the counter keeps the first and
 * last times of its events of the day. A session's day had a matching event in a window [lo, hi)
 * that reaches past that day exactly when its last one that day is at or after `lo` and its first
 * before `hi`: true of the window's whole days, what tells its partial first and last days, false
 * of every day outside it. So no row per hour and no raw event is read, and no row per window and
 * session is sorted:
 * - windows of one day (a DAY series' buckets) count the sessions of that day: the rows, read in
 *   the order of an index (the key's day and session, or the one below), merged per session and
 *   day with no sort; a partial day counts those of its sessions whose times fall in it, in a
 *   column of its own;
 * - longer windows (the window and the one before) are counted in one pass over the rows in
 *   session order (the covering `session_hash, day` index), a column per window telling whether
 *   the session had a day in it.
 * At 10 M events on SQLite, engagement's distinct sessions over 7 days with a DAY series and the
 * window before: 250 → 146 ms; over 30 days 814 → 349 ms (fastest of 3, alone).
 * Null when a window lies inside one day with neither end at a midnight (the two times cannot
 * tell), or when more than WINDOW_COLUMNS windows would need a column.
 */
function sessionsByDay(dialect: Dialect, batch: LeafBatch, match: RollupMatch, seg: SqlFragment, rollupWhere: SqlFragment[]): CompiledLeaf | null {
  const dayOf = (at: Date) => dayStart(at.getTime());
  const atMidnight = (at: Date) => at.getTime() % DAY_MS === 0;
  const ranges = indexed(batch.windows).filter((range) => range.lo < range.hi);
  const oneDay = (range: IndexedRange) => dayOf(range.lo) === dayOf(new Date(range.hi.getTime() - 1));
  const [days, longer] = [ranges.filter(oneDay), ranges.filter((range) => !oneDay(range))];
  const partial = days.filter((range) => !atMidnight(range.lo) || range.hi.getTime() - range.lo.getTime() < DAY_MS);
  if (partial.some((range) => !atMidnight(range.lo) && !atMidnight(range.hi))) return null;
  if (partial.length > WINDOW_COLUMNS || longer.length > WINDOW_COLUMNS) return null;
  const m = match.measure;
  const [count, firstAt, lastAt] = [sql.raw(`r.${m}_count`), sql.raw(`r.${m}_first_at`), sql.raw(`r.${m}_last_at`)];
  // Grouped by the segment only when there is one: a constant in the GROUP BY stops SQLite using the key order.
  const andSeg = batch.segmentBy === null ? sql`` : sql`, ${seg}`;
  /** The rows of every day the windows touch. */
  const rowsOf = (windows: readonly IndexedRange[]) => {
    const touched = windows.map((w) => ({ ...w, lo: new Date(dayOf(w.lo)) }));
    return sql`FROM ${sql.raw(match.rollup.table)} r WHERE ${and([...daySpan(dialect, touched), sql`${count} > 0`, ...rollupWhere])}`;
  };
  /** `x.l >= lo AND x.f < hi`: the session's first and last times of the day (or of every day) tell it was active in the window. */
  const activeIn = (range: IndexedRange, f: SqlFragment, l: SqlFragment) => sql`CASE WHEN ${l} >= ${instant(dialect, range.lo)} AND ${f} < ${instant(dialect, range.hi)} THEN 1 ELSE 0 END`;
  const columns = (windows: readonly IndexedRange[], value: (range: IndexedRange) => SqlFragment) =>
    windows.map((range, i) => sql`${value(range)} AS ${sql.raw(`a${i}`)}`);
  const relations: SqlFragment[] = [];
  const counts: SqlFragment[] = [];
  if (days.length > 0) {
    const perSession = sql`SELECT r.day AS day, ${seg} AS seg, MIN(${firstAt}) AS f, MAX(${lastAt}) AS l ${rowsOf(days)} GROUP BY r.day, r.session_hash${andSeg}`;
    const perDay = [sql`COUNT(*) AS c`, ...columns(partial, (range) => sql`SUM(${activeIn(range, sql`x.f`, sql`x.l`)})`)];
    relations.push(
      rangesRelation(dialect, 'wd', days.map((range) => ({ k: range.k, lo: new Date(dayOf(range.lo)), hi: new Date(dayOf(range.lo) + DAY_MS) }))),
      sql`dc AS (SELECT x.day AS day, x.seg AS seg, ${sql.join(perDay)} FROM (${perSession}) x GROUP BY 1, 2)`,
    );
    const value = partial.length === 0 ? sql.raw('dc.c') : sql.raw(`CASE wd.k ${partial.map((range, i) => `WHEN ${range.k} THEN dc.a${i}`).join(' ')} ELSE dc.c END`);
    counts.push(sql`SELECT wd.k AS k, dc.seg AS seg, ${value} AS value, ${value} AS n, 0 AS excluded FROM wd JOIN dc ON dc.day = wd.lo WHERE ${value} > 0`);
  }
  if (longer.length > 0) {
    const flags = columns(longer, (range) => sql`MAX(${activeIn(range, firstAt, lastAt)})`);
    const perSession = sql`SELECT ${seg} AS seg, ${sql.join(flags)} ${rowsOf(longer)} GROUP BY r.session_hash${andSeg}`;
    relations.push(sql`dl AS (SELECT s.seg AS seg, ${sql.raw(longer.map((_, i) => `SUM(s.a${i}) AS a${i}`).join(', '))} FROM (${perSession}) s GROUP BY 1)`);
    counts.push(...longer.map((range, i) => sql.raw(`SELECT ${range.k} AS k, dl.seg AS seg, dl.a${i} AS value, dl.a${i} AS n, 0 AS excluded FROM dl WHERE dl.a${i} > 0`)));
  }
  if (counts.length === 0) return null;
  return { query: sql`WITH ${sql.join(relations)} ${sql.join(counts, ' UNION ALL ')}`, tables: [match.rollup.table] };
}

/**
 * Rows `k, seg, session_hash` counted per window and segment, each window's sessions made distinct
 * first: PostgreSQL hashes them (COUNT(DISTINCT) sorts each group).
 */
function countDistinctSessions(rows: SqlFragment): SqlFragment {
  return sql`SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded FROM (SELECT u.k, u.seg, u.session_hash FROM (${rows}) u GROUP BY 1, 2, 3) x GROUP BY 1, 2`;
}

/**
 * Event counts that one rollup answers (the executions, the errors and the safety overrides of the
 * quality dashboard), over the same windows, from one pass over its rows instead of one per leaf:
 * each leaf's count is a conditional sum, with a flag of whether any row met its condition, so
 * that a window or segment has a row exactly when the leaf alone would give it one. Rows `i` (the
 * leaf's position in `leaves`), `k`, `seg`. Null when the leaves need different rollups.
 */
export function rollupCounts(dialect: Dialect, leaves: readonly MeasureFormula[], batch: LeafBatch): CompiledLeaf | null {
  const wheres = leaves.map((leaf) => leaf.where as Where<'events'> | undefined);
  const matches = wheres.map((where) => matchRollup(where, dimensionsOf(batch)));
  const match = matches[0];
  if (!match || matches.some((m) => m?.rollup !== match.rollup)) return null;
  const split = splitWindows(dialect, indexed(batch.windows));
  const r = segmentOf('events', batch.segmentBy, 'r.', batch.filter);
  const t = segmentOf('events', batch.segmentBy, 't.', batch.filter);
  const inRollup = matches.map((m) => and(whereClauses('events', m!.residual, 'r.')));
  const inEvents = wheres.map((where) => and(whereClauses('events', where, 't.')));
  const anyOf = (conditions: SqlFragment[]) => sql`(${sql.join(conditions.map((c) => sql`(${c})`), ' OR ')})`;
  const columns = (value: (i: number) => SqlFragment, met: (i: number) => SqlFragment) =>
    sql.join(leaves.flatMap((_, i) => [sql`${value(i)} AS ${sql.raw(`c${i}`)}`, sql`${met(i)} AS ${sql.raw(`m${i}`)}`]));
  const rows = daysHoursAndEdges(
    split,
    match.rollup,
    {
      select: sql`${r.seg} AS seg, ${columns(
        (i) => sql`CASE WHEN ${inRollup[i]!} THEN ${sql.raw(`r.${matches[i]!.measure}_count`)} ELSE 0 END`,
        (i) => sql`CASE WHEN ${inRollup[i]!} THEN 1 ELSE 0 END`,
      )}`,
      where: [anyOf(inRollup), ...r.filter],
    },
    {
      select: sql`${t.seg} AS seg, ${columns(
        (i) => sql`SUM(CASE WHEN ${inEvents[i]!} THEN 1 ELSE 0 END)`,
        (i) => sql`MAX(CASE WHEN ${inEvents[i]!} THEN 1 ELSE 0 END)`,
      )}`,
      where: [anyOf(inEvents), ...t.filter],
      groupBy: '1, 2',
    },
  );
  const totals = columns(
    (i) => sql.raw(`SUM(x.c${i})`),
    (i) => sql.raw(`MAX(x.m${i})`),
  );
  const answers = leaves.map((_, i) => sql.raw(`SELECT ${i} AS i, g.k AS k, g.seg AS seg, g.c${i} AS value, g.c${i} AS n, 0 AS excluded FROM g WHERE g.m${i} = 1`));
  return {
    query: sql`WITH ${split.relations}, g AS (SELECT x.k AS k, x.seg AS seg, ${totals} FROM (${rows}) x GROUP BY 1, 2) ${sql.join(answers, ' UNION ALL ')}`,
    tables: tablesOf(match.rollup, split),
  };
}

/**
 * Sums, averages, minima and maxima from a rollup's stats columns (`<column>_n`, `_sum`, `_min`,
 * `_max`). Leaves over the same events (the memory and CPU averages and the memory maximum) read the
 * rollup once, together: rows `i` (the leaf's position in `leaves`), `k`, `seg`. Null when one
 * rollup does not keep them all.
 */
export function rollupStats(dialect: Dialect, leaves: readonly MeasureFormula[], batch: LeafBatch): CompiledLeaf | null {
  const where = leaves[0]!.where as Where<'events'> | undefined;
  const fields = [...new Set(leaves.map((leaf) => leaf.field as EventField))];
  const matches = fields.map((field) => matchRollup(where, dimensionsOf(batch), { stats: field }));
  const match = matches[0];
  if (!match || matches.some((m) => m?.rollup !== match.rollup || m.measure !== match.measure)) return null;
  const split = splitWindows(dialect, indexed(batch.windows));
  const r = segmentOf('events', batch.segmentBy, 'r.', batch.filter);
  const t = segmentOf('events', batch.segmentBy, 't.', batch.filter);
  const columns = fields.map((field) => columnOf('events', field)!);
  const each = (parts: (column: string, j: number) => string[]) => sql.raw(columns.flatMap(parts).join(', '));
  const rows = daysHoursAndEdges(
    split,
    match.rollup,
    { select: sql`${r.seg} AS seg, ${each((c, j) => [`r.${c}_sum AS s${j}`, `r.${c}_n AS n${j}`, `r.${c}_min AS lo${j}`, `r.${c}_max AS hi${j}`])}`, where: [...whereClauses('events', match.residual, 'r.'), ...r.filter] },
    {
      select: sql`${t.seg} AS seg, ${each((c, j) => [`SUM(t.${c}) AS s${j}`, `COUNT(t.${c}) AS n${j}`, `MIN(t.${c}) AS lo${j}`, `MAX(t.${c}) AS hi${j}`])}`,
      where: [...whereClauses('events', where, 't.'), ...t.filter],
      groupBy: '1, 2',
    },
  );
  const totals = each((_, j) => [`SUM(x.s${j}) AS s${j}`, `SUM(x.n${j}) AS n${j}`, `MIN(x.lo${j}) AS lo${j}`, `MAX(x.hi${j}) AS hi${j}`]);
  const answers = leaves.map((leaf, i) => {
    const j = fields.indexOf(leaf.field as EventField);
    const value = { sum: `g.s${j}`, avg: `1.0 * g.s${j} / NULLIF(g.n${j}, 0)`, min: `g.lo${j}`, max: `g.hi${j}` }[leaf.aggregate as 'sum' | 'avg' | 'min' | 'max'];
    return sql.raw(`SELECT ${i} AS i, g.k AS k, g.seg AS seg, ${value} AS value, g.n${j} AS n, 0 AS excluded FROM g`);
  });
  return {
    query: sql`WITH ${split.relations}, g AS (SELECT x.k AS k, x.seg AS seg, ${totals} FROM (${rows}) x GROUP BY 1, 2) ${sql.join(answers, ' UNION ALL ')}`,
    tables: tablesOf(match.rollup, split),
  };
}

/**
 * Continuous percentiles from a histogram rollup (one row per day and value, with its count) and
 * the raw values of the partial hours: the values in order with their running counts locate the
 * two closest ranks, interpolated as percentile_cont (PostgreSQL) and percentile() (SQLite) do.
 * Every percentile asked of the same values (p50, p95, p99 of one latency) comes from one ranking:
 * rows `i` (the percentile's position in `percentiles`), `k`, `seg`.
 */
export function rollupPercentiles(dialect: Dialect, leaf: MeasureFormula, batch: LeafBatch, percentiles: readonly number[]): CompiledLeaf | null {
  const where = leaf.where as Where<'events'> | undefined;
  const field = leaf.field as EventField;
  const match = matchRollup(where, dimensionsOf(batch), { histogramOf: field });
  if (!match) return null;
  const column = sql.raw(columnOf('events', field)!);
  const split = splitWindows(dialect, indexed(batch.windows));
  const r = segmentOf('events', batch.segmentBy, 'r.', batch.filter);
  const t = segmentOf('events', batch.segmentBy, 't.', batch.filter);
  const values = daysHoursAndEdges(
    split,
    match.rollup,
    { select: sql`${r.seg} AS seg, r.${column} AS v, ${sql.raw(`r.${match.measure}_count`)} AS c`, where: [...whereClauses('events', match.residual, 'r.'), ...r.filter, sql`r.${column} IS NOT NULL`] },
    { select: sql`${t.seg} AS seg, t.${column} AS v, COUNT(*) AS c`, where: [...whereClauses('events', where, 't.'), ...t.filter, sql`t.${column} IS NOT NULL`], groupBy: '1, 2, 3' },
  );
  // The rank position as each database computes it: (n − 1)·p·0.01 in SQLite, p/100·(n − 1) in PostgreSQL.
  const ps = percentiles.map((p, i) => sql.raw(`(${i}, ${dialect === 'sqlite' ? p : p / 100})`));
  const position = dialect === 'sqlite' ? sql.raw('(total - 1) * ps.p * 0.01') : sql.raw('ps.p * (total - 1)');
  return {
    query: sql`WITH ${split.relations}, ps(i, p) AS (VALUES ${sql.join(ps)}),
      h AS (SELECT k, seg, v, SUM(c) AS c FROM (${values}) x GROUP BY 1, 2, 3),
      ranked AS (SELECT k, seg, v, SUM(c) OVER (PARTITION BY k, seg ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto,
        SUM(c) OVER (PARTITION BY k, seg) AS total FROM h),
      located AS (SELECT i, k, seg, MAX(total) AS total, MAX(pos) AS pos,
          MIN(CASE WHEN upto > FLOOR(pos) THEN v END) AS lo, MIN(CASE WHEN upto > CEIL(pos) THEN v END) AS hi
        FROM (SELECT ranked.*, ps.i AS i, ${position} AS pos FROM ranked CROSS JOIN ps) q GROUP BY 1, 2, 3)
      SELECT i, k, seg, lo + (hi - lo) * (pos - FLOOR(pos)) AS value, total AS n, 0 AS excluded FROM located`,
    tables: tablesOf(match.rollup, split),
  };
}

/**
 * The sessions with at least one COMMAND_EXECUTED event in each range, one row per session and
 * segment (`k, hi, session_hash, seg`, with `hi` the range's end), from session_days and the edges.
 */
function executedSessions(
  dialect: Dialect,
  ranges: readonly IndexedRange[],
  segmentBy: string | null,
  filter: Filter,
): { relations: SqlFragment; active: SqlFragment; split: SplitWindows } | null {
  const match = matchRollup({ eventType: 'COMMAND_EXECUTED' }, dimensionsOf({ segmentBy, filter }), { perSession: true });
  if (!match) return null;
  const split = splitWindows(dialect, ranges);
  const r = segmentOf('events', segmentBy, 'r.', filter);
  const t = segmentOf('events', segmentBy, 't.', filter);
  const union = daysHoursAndEdges(
    split,
    match.rollup,
    { select: sql`wk.hi AS hi, r.session_hash AS session_hash, ${r.seg} AS seg`, where: [sql.raw(`r.${match.measure}_count > 0`), ...r.filter] },
    { select: sql`wk.hi AS hi, t.session_hash AS session_hash, ${t.seg} AS seg`, where: [sql`t.event_type = 'COMMAND_EXECUTED'`, ...t.filter] },
  );
  return {
    relations: split.relations,
    active: sql`SELECT x.k AS k, x.hi AS hi, x.session_hash AS session_hash, x.seg AS seg FROM (${union}) x GROUP BY 1, 2, 3, 4`,
    split,
  };
}

/**
 * Rolling active users. A series asks for many overlapping look-backs (30 days ending at each day of
 * the window): joining each to its days would read every session-day row up to 30 times. For the
 * look-backs that end at a midnight, each active day of a session covers the ends from the next
 * midnight to N days later, or to its session's next active day, whichever comes first: the covers
 * of one session never overlap, and a session is active in the N days before `hi` exactly when one
 * of them holds `hi`. Counted, that is +1 where a cover starts and −1 after it stops, summed up to
 * each end: no row per window and session (at 1 M events, 30 windows of 30 days: 400 → 140 ms on
 * SQLite). Only a latest-survey condition needs the sessions themselves: each session's active days
 * at most N apart are merged into islands, and an island covers the ends from its first day + 1 to its
 * last day + N. Look-backs that end mid-day read whole days and raw edges as everywhere else.
 */
export function rollupRollingActive(dialect: Dialect, leaf: RollingActiveFormula, batch: LeafBatch): CompiledLeaf | null {
  const ranges = lookBack(leaf, batch);
  const atMidnight = ranges.filter((r) => Number.isInteger(leaf.days) && r.hi.getTime() % DAY_MS === 0);
  const midDay = ranges.filter((r) => !atMidnight.includes(r));
  const sessions = midDay.length > 0 ? executedSessions(dialect, midDay, batch.segmentBy, batch.filter) : null;
  const match = matchRollup({ eventType: 'COMMAND_EXECUTED' }, dimensionsOf(batch), { perSession: true });
  if (!match || (midDay.length > 0 && !sessions)) return null;
  const relations: SqlFragment[] = sessions ? [sessions.relations] : [];
  const active: SqlFragment[] = sessions ? [sessions.active] : [];
  const counted: SqlFragment[] = [];
  if (atMidnight.length > 0) {
    const d = DIALECTS[dialect];
    const r = segmentOf('events', batch.segmentBy, 'r.', batch.filter);
    const [first, last] = [Math.min(...atMidnight.map((x) => x.lo.getTime())), Math.max(...atMidnight.map((x) => x.hi.getTime()))];
    // GROUP BY, not DISTINCT: SQLite keeps DISTINCT rows in a B-tree, 2–3× slower than its sorter.
    const activeDays = sql`SELECT r.session_hash AS session_hash, ${r.seg} AS seg, r.day AS day FROM ${sql.raw(match.rollup.table)} r
      WHERE ${and([sql`r.day >= ${new Date(first)}`, sql`r.day < ${new Date(last)}`, sql.raw(`r.${match.measure}_count > 0`), ...r.filter])} GROUP BY 1, 2, 3`;
    relations.push(rangesRelation(dialect, 'wa', atMidnight));
    if (leaf.latestSurvey) {
      const islands = sql`SELECT session_hash, seg, MIN(day) AS first_day, MAX(day) AS last_day FROM (
          SELECT session_hash, seg, day, SUM(starts) OVER (PARTITION BY session_hash, seg ORDER BY day ROWS UNBOUNDED PRECEDING) AS island FROM (
            SELECT session_hash, seg, day, CASE WHEN LAG(day) OVER (PARTITION BY session_hash, seg ORDER BY day) >= ${d.addMs(sql`day`, -leaf.days * DAY_MS)}
              THEN 0 ELSE 1 END AS starts FROM (${activeDays}) a
          ) g
        ) h GROUP BY session_hash, seg, island`;
      active.push(sql`SELECT wa.k AS k, wa.hi AS hi, i.session_hash AS session_hash, i.seg AS seg FROM wa JOIN (${islands}) i
        ON wa.hi >= ${d.addMs(sql`i.first_day`, DAY_MS)} AND wa.hi <= ${d.addMs(sql`i.last_day`, leaf.days * DAY_MS)}`);
    } else {
      const lastCovered = d.addMs(sql`day`, leaf.days * DAY_MS);
      const covers = sql`SELECT seg, ${d.addMs(sql`day`, DAY_MS)} AS starts, CASE WHEN next_day < ${lastCovered} THEN next_day ELSE ${lastCovered} END AS stops
        FROM (SELECT seg, day, LEAD(day) OVER (PARTITION BY session_hash, seg ORDER BY day) AS next_day FROM (${activeDays}) a) l`;
      // Both edges of each cover from one pass over the covers: +1 at its start, −1 the day after its stop.
      const deltas = sql`SELECT c.seg AS seg, CASE WHEN e.delta = 1 THEN c.starts ELSE ${d.addMs(sql`c.stops`, DAY_MS)} END AS t, e.delta AS delta
        FROM (${covers}) c CROSS JOIN (SELECT 1 AS delta UNION ALL SELECT -1) e`;
      counted.push(sql`SELECT wa.k AS k, x.seg AS seg, SUM(x.delta) AS value, SUM(x.delta) AS n, 0 AS excluded
        FROM wa JOIN (SELECT seg, t, SUM(delta) AS delta FROM (${deltas}) u GROUP BY 1, 2) x ON x.t <= wa.hi GROUP BY 1, 2 HAVING SUM(x.delta) > 0`);
    }
  }
  if (active.length > 0) counted.push(countActive(leaf, sql.join(active, ' UNION ALL '), ranges));
  return {
    query: sql`WITH ${sql.join(relations)} ${sql.join(counted, ' UNION ALL ')}`,
    tables: tablesOf(SESSION_DAYS, sessions?.split ?? { hours: [], edges: [] }, ...(leaf.latestSurvey ? ['survey_responses'] : [])),
  };
}

/**
 * Sessions by the latest value of state fields (safety mode, history, plugins). Who was active comes
 * from session_days, once for every leaf of the family; each one's latest value of a field is one
 * indexed lookup in raw events (on PostgreSQL, see latestStates). Each member is split by its
 * field's value or not (`split`): a request asking both (all 60 metrics: `safety_mode_share` and
 * `history_adoption`) looks each session up once. Rows `i` (the member's position in `members`),
 * `k`, `seg`.
 */
export function rollupSessionStates(dialect: Dialect, members: readonly { leaf: SessionStateFormula; split: boolean }[], batch: LeafBatch): CompiledLeaf | null {
  const sessions = executedSessions(dialect, indexed(batch.windows), null, {});
  if (!sessions) return null;
  const fields = [...new Set(members.map(({ leaf }) => leaf.field))];
  // In session order, one session's lookups read the same index pages one after another (at 1 M
  // events, 42 k lookups for 33 windows: 0.65 × the time on SQLite, 0.85 × on PostgreSQL).
  const active = sql`${sessions.active} ORDER BY session_hash`;
  const counts = members.map(({ leaf, split }, i) => sql`SELECT ${sql.raw(String(i))} AS i, c.* FROM (${countStates(leaf, sql`states`, split, batch.filter)}) c`);
  const states =
    dialect === 'postgresql' && fields.length > 1
      ? latestStates(fields, active)
      : sql`SELECT a.k, ${sql.join(fields.map((field) => sql`${latestState(field)} AS ${col('events', field)}`))} FROM (${active}) a`;
  return {
    query: sql`WITH ${sessions.relations}, states AS MATERIALIZED (${states})
      ${sql.join(counts, ' UNION ALL ')}`,
    tables: [SESSION_DAYS.table, 'telemetry_events (latest values)'],
  };
}

/**
 * PostgreSQL: rows `k` and the latest value of each of `fields` of the sessions of `active` (rows
 * `k, hi, session_hash`). A session's latest event before the end is looked up once (LATERAL) and
 * read for every field; a field's own lookup runs only where that event lacks it. Three lookups per
 * session were the longest statement of all 60 metrics (all 60: 2.25 → 1.98 s, side by side). On
 * SQLite the lookups read the same index pages one after the other, and reading the latest event's
 * row instead (SQLite has no LATERAL) measured 1.3 × slower.
 */
function latestStates(fields: readonly string[], active: SqlFragment): SqlFragment {
  const values = sql.join(
    fields.map((field) => sql`COALESCE(l.${col('events', field)}, ${latestState(field)}) AS ${col('events', field)}`),
    ', ',
  );
  return sql`SELECT a.k, ${values} FROM (${active}) a
    LEFT JOIN LATERAL (SELECT ${sql.join(fields.map((field) => sql`e.${col('events', field)}`), ', ')} FROM telemetry_events e
      WHERE e.session_hash = a.session_hash AND e.timestamp < a.hi ORDER BY e.timestamp DESC, e.event_id DESC LIMIT 1) l ON TRUE`;
}

/**
 * The first-seen table as rows `session_hash, first_seen, seg`, filtered, or null when it does not
 * keep every attribute the batch splits or filters on.
 */
function firstSeenRows(batch: { segmentBy: string | null; filter: Filter }): SqlFragment | null {
  if (!dimensionsOf(batch).every((d) => FIRST_SEEN_ATTRIBUTES.includes(d as EventField))) return null;
  const seg = batch.segmentBy === null ? sql`NULL` : segmentKey('events', batch.segmentBy, 'f.');
  const kept = filterClauses(batch.filter, (dimension) => segmentKey('events', dimension, 'f.'));
  return sql`SELECT f.session_hash AS session_hash, f.first_seen AS first_seen, ${seg} AS seg FROM ${sql.raw(FIRST_SEEN_TABLE)} f WHERE ${and(kept)}`;
}

export function rollupNewSessions(dialect: Dialect, leaf: NewSessionsFormula, batch: LeafBatch): CompiledLeaf | null {
  const firstSeen = firstSeenRows(batch);
  if (!firstSeen) return null;
  const { ranges, cumulative } = newSessionRanges(leaf, batch);
  const query = sql`WITH ${rangesRelation(dialect, 'w', ranges)} ${countFirstSeen(firstSeen, batch.segmentBy, 'stored')}`;
  return cumulative ? { query, tables: [FIRST_SEEN_TABLE], cumulative } : { query, tables: [FIRST_SEEN_TABLE] };
}

/**
 * Cohorts: members from the first-seen table, outcomes from session_days. A member's period
 * [ps, pe) covers whole days, read from its session_days rows, and at most two partial days. On a
 * partial day the day's first and last matching times usually tell how many of its events fall in
 * the period (all or none); only when the period's edge falls between them are that session's
 * events of that day counted in raw events, by index. Cohort leaves over the same members are one
 * statement: the members are found and joined to their windows once, and each leaf's outcome is a
 * column of theirs.
 */
export function rollupCohorts(dialect: Dialect, leaves: readonly CohortFormula[], batch: LeafBatch): CompiledLeaf | null {
  const members = firstSeenRows(batch);
  if (!members) return null;
  const outcomes = leaves.map((leaf, i) => cohortOutcome(dialect, leaf, i, batch.now));
  if (outcomes.some((outcome) => outcome === null)) return null;
  const parts = (part: keyof CohortOutcome) => sql.join(outcomes.map((outcome) => outcome![part]), ', ');
  const d = DIALECTS[dialect];
  const ceilDay = (x: SqlFragment) => sql`CASE WHEN ${d.utcDayStart(x)} = ${x} THEN ${x} ELSE ${d.addMs(d.utcDayStart(x), DAY_MS)} END`;
  const days = sql.join(
    leaves.map((_, i) => sql`${ceilDay(cohortColumn('ps', i, 'q.'))} AS ${cohortColumn('ps_up', i)}, ${d.utcDayStart(cohortColumn('pe', i, 'q.'))} AS ${cohortColumn('pe_down', i)}`),
    ', ',
  );
  // Outcomes are looked up only for members whose period has ended. Each level is materialized:
  // inlined, a period's day arithmetic was worked out again in every lookup that reads it (on
  // PostgreSQL, `date_trunc` with a time zone, in each index condition), and a percentile's
  // lookups ran twice (its outcome is read twice).
  const rows = sql`WITH p AS MATERIALIZED (SELECT q.*, ${days} FROM (
        SELECT c.session_hash, c.first_seen, c.seg, c.ks, ${parts('period')}
        FROM (SELECT f.session_hash, f.first_seen, f.seg, ${d.listOf(sql`w.k`)} AS ks FROM w JOIN (${members}) f ON f.first_seen >= w.lo AND f.first_seen < w.hi GROUP BY 1, 2, 3) c
      ) q),
    z AS MATERIALIZED (SELECT p.first_seen, p.seg, p.ks, ${sql.join(leaves.map((_, i) => cohortColumn('pe', i, 'p.')), ', ')}, ${parts('outcome')} FROM p)
    SELECT z.first_seen, z.seg, z.ks, ${parts('result')} FROM z`;
  return {
    query: cohortStatement(dialect, leaves, batch, rows),
    tables: [FIRST_SEEN_TABLE, SESSION_DAYS.table, 'telemetry_events (partial days)'],
  };
}

/** The columns of cohort leaf `i` at each level of rollupCohorts' statement. */
interface CohortOutcome {
  /** `ps_i, pe_i`: its period, from `c.first_seen`. */
  period: SqlFragment;
  /** `over_i, outcome_i`: its matching events in the period (share), or the first one's time (percentile). */
  outcome: SqlFragment;
  /** `over_i, met_i` or `over_i, secs_i`. */
  result: SqlFragment;
}

function cohortOutcome(dialect: Dialect, leaf: CohortFormula, i: number, now: Date): CohortOutcome | null {
  const match = matchRollup({ eventType: leaf.condition.eventType, ...leaf.condition.where } as Where<'events'>, [], { perSession: true, times: true });
  if (!match || Object.keys(match.residual).length > 0) return null;
  const d = DIALECTS[dialect];
  const [periodStart, periodEnd] = cohortPeriod(dialect, leaf);
  const [ps, pe, psUp, peDown] = [cohortColumn('ps', i, 'p.'), cohortColumn('pe', i, 'p.'), cohortColumn('ps_up', i, 'p.'), cohortColumn('pe_down', i, 'p.')];
  const [over, outcomeOf] = [cohortColumn('over', i, 'z.'), cohortColumn('outcome', i, 'z.')];
  const m = match.measure;
  const [count, first, last] = [sql.raw(`s.${m}_count`), sql.raw(`s.${m}_first_at`), sql.raw(`s.${m}_last_at`)];
  const matching = (lo: SqlFragment, hi: SqlFragment) =>
    and([
      sql`e.session_hash = p.session_hash`,
      sql`e.event_type = ${leaf.condition.eventType}`,
      sql`e.timestamp >= ${lo}`,
      sql`e.timestamp < ${hi}`,
      ...whereClauses('events', leaf.condition.where as Where, 'e.'),
    ]);
  const startDay = d.addMs(psUp, -DAY_MS);
  const startHi = sql`CASE WHEN ${psUp} < ${pe} THEN ${psUp} ELSE ${pe} END`;
  const startsMidDay = sql`${ps} <> ${psUp}`;
  const endsMidDay = sql`${pe} <> ${peDown} AND ${peDown} >= ${psUp}`;
  // One range of the member's session_days rows, from the start day to the end day, answers all
  // three parts of its period (a lookup per part: the growth dashboard's four cohorts took 365
  // instead of 315 ms on PostgreSQL).
  const onDay = (day: SqlFragment) => ({
    n: sql`SUM(CASE WHEN s.day = ${day} THEN ${count} END)`,
    firstAt: sql`MIN(CASE WHEN s.day = ${day} THEN ${first} END)`,
    lastAt: sql`MAX(CASE WHEN s.day = ${day} THEN ${last} END)`,
  });
  const overDays = (aggregate: SqlFragment) =>
    sql`(SELECT ${aggregate} FROM ${sql.raw(SESSION_DAYS.table)} s WHERE s.session_hash = p.session_hash AND s.day >= ${startDay} AND s.day <= ${peDown})`;
  /** Matching events of one partial day in [lo, hi): all of the day's, none, or counted in raw events. */
  const partialCount = (day: SqlFragment, lo: SqlFragment, hi: SqlFragment) => {
    const { n, firstAt, lastAt } = onDay(day);
    return sql`CASE WHEN COALESCE(${n}, 0) = 0 THEN 0
      WHEN ${firstAt} >= ${lo} AND ${lastAt} < ${hi} THEN ${n}
      WHEN ${lastAt} < ${lo} OR ${firstAt} >= ${hi} THEN 0
      ELSE (SELECT COUNT(*) FROM telemetry_events e WHERE ${matching(lo, hi)}) END`;
  };
  const ended = sql`${pe} <= ${now}`;
  let outcome: SqlFragment;
  let result: SqlFragment;
  if (leaf.result === 'share') {
    outcome = overDays(sql`CASE WHEN ${startsMidDay} THEN ${partialCount(startDay, ps, startHi)} ELSE 0 END
      + COALESCE(SUM(CASE WHEN s.day >= ${psUp} AND s.day < ${peDown} THEN ${count} END), 0)
      + CASE WHEN ${endsMidDay} THEN ${partialCount(peDown, peDown, pe)} ELSE 0 END`);
    result = sql`CASE WHEN ${over} = 1 AND ${outcomeOf} >= ${leaf.condition.atLeast ?? 1} THEN 1 ELSE 0 END AS ${cohortColumn('met', i)}`;
  } else {
    // The first matching time at or after ps: on the start day (its first time, or raw events when
    // ps falls between its first and last), else the first of the later days; in the period if before pe.
    const start = onDay(startDay);
    const startFirst = sql`CASE WHEN ${start.firstAt} IS NULL OR ${start.lastAt} < ${ps} THEN NULL
        WHEN ${start.firstAt} >= ${ps} THEN ${start.firstAt}
        ELSE (SELECT MIN(e.timestamp) FROM telemetry_events e WHERE ${matching(ps, startHi)}) END`;
    outcome = overDays(sql`COALESCE(CASE WHEN ${startsMidDay} THEN ${startFirst} END, MIN(CASE WHEN s.day >= ${psUp} THEN ${first} END))`);
    result = sql`CASE WHEN ${over} = 1 AND ${outcomeOf} < ${cohortColumn('pe', i, 'z.')} THEN ${d.secondsBetween(sql`z.first_seen`, outcomeOf)} END AS ${cohortColumn('secs', i)}`;
  }
  return {
    period: sql`${periodStart} AS ${cohortColumn('ps', i)}, ${periodEnd} AS ${cohortColumn('pe', i)}`,
    outcome: sql`CASE WHEN ${ended} THEN 1 ELSE 0 END AS ${cohortColumn('over', i)}, CASE WHEN ${ended} THEN ${outcome} END AS ${cohortColumn('outcome', i)}`,
    result: sql`${over} AS ${cohortColumn('over', i)}, ${result}`,
  };
}

/**
 * Engaged sessions: a session had reached the mark (its `atLeast`-th matching event) before a
 * window's end when its session_days counts of the whole days before that end add up to the mark.
 * One pass over session_days sums, per session, the days before each distinct end (and the day an
 * end falls inside, if one does); only a session that reaches the mark on that day has its events
 * of the day counted, up to the end, in raw events. (This replaced running sums over each session's
 * days: 2–5× faster, the window functions' sort of 56 k rows being most of the time at 1 M events.)
 * The leaves of one condition, with and without `answeredSurvey`, share those sums: rows `i` (the
 * leaf's position in `leaves`), `k`, `seg`. Sessions that answered a survey in a window are few:
 * they are looked up in the sums, rather than every engaged session in the answers (SQLite, 7
 * windows: 128 → 102 ms; 33 windows: 420 → 260 ms).
 */
export function rollupEngagedSessions(dialect: Dialect, leaves: readonly EngagedSessionsFormula[], batch: LeafBatch): CompiledLeaf | null {
  const { condition } = leaves[0]!;
  const match = matchRollup({ eventType: condition.eventType, ...condition.where } as Where<'events'>, [], { perSession: true });
  if (!match || Object.keys(match.residual).length > 0) return null;
  const ranges = indexed(batch.windows);
  const count = sql.raw(`${match.measure}_count`);
  const mark = condition.atLeast;
  const ends = [...new Set(ranges.map((r) => r.hi.getTime()))];
  const endIndex = new Map(ends.map((end, j) => [end, j]));
  const dayOf = (end: number) => new Date(dayStart(end));
  // Per session: b<j>, its matching events of the whole days before end j; d<j>, of the day end j falls inside.
  const sums = ends.flatMap((end, j) => [
    sql`SUM(CASE WHEN day < ${dayOf(end)} THEN ${count} ELSE 0 END) AS ${sql.raw(`b${j}`)}`,
    ...(end % DAY_MS === 0 ? [] : [sql`SUM(CASE WHEN day = ${dayOf(end)} THEN ${count} ELSE 0 END) AS ${sql.raw(`d${j}`)}`]),
  ]);
  const lastDay = dayOf(Math.max(...ends));
  const reachedBefore = (end: number, j: number) => {
    const [b, d] = [sql.raw(`s.b${j}`), sql.raw(`s.d${j}`)];
    if (end % DAY_MS === 0) return sql`${b} >= ${mark}`;
    const onTheDay = and([sql`e.session_hash = s.session_hash`, sql`e.timestamp >= ${dayOf(end)}`, sql`e.timestamp < ${new Date(end)}`, ...conditionOf(condition, 'e')]);
    return sql`CASE WHEN ${b} >= ${mark} THEN 1 WHEN ${b} + ${d} < ${mark} THEN 0
      WHEN (SELECT COUNT(*) FROM telemetry_events e WHERE ${onTheDay}) >= ${mark} - ${b} THEN 1 ELSE 0 END = 1`;
  };
  const reachedIn = (range: IndexedRange) => reachedBefore(range.hi.getTime(), endIndex.get(range.hi.getTime())!);
  const engaged = ranges.map((range) => sql`SELECT ${sql.raw(String(range.k))} AS k FROM sums s WHERE ${reachedIn(range)}`);
  // Answers are few: each window's answering sessions are looked up in the sums, and tested against that window's end.
  const answered = sql`SELECT a.k AS k FROM (SELECT w.k AS k, r.session_hash AS session_hash FROM w
      JOIN survey_responses r ON r.timestamp >= w.lo AND r.timestamp < w.hi GROUP BY 1, 2) a
    JOIN sums s ON s.session_hash = a.session_hash
    WHERE CASE a.k ${sql.join(ranges.map((range) => sql`WHEN ${sql.raw(String(range.k))} THEN ${reachedIn(range)}`), ' ')} END`;
  const counts = leaves.map((leaf, i) => sql`SELECT ${sql.raw(String(i))} AS i, x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
    FROM (${leaf.answeredSurvey ? answered : sql.join(engaged, ' UNION ALL ')}) x GROUP BY 1, 2, 3`);
  return {
    query: sql`WITH ${rangesRelation(dialect, 'w', ranges)},
      sums AS MATERIALIZED (SELECT session_hash, ${sql.join(sums)} FROM ${sql.raw(SESSION_DAYS.table)}
        WHERE day <= ${lastDay} AND ${count} > 0 GROUP BY session_hash HAVING SUM(${count}) >= ${mark})
      ${sql.join(counts, ' UNION ALL ')}`,
    tables: [SESSION_DAYS.table, 'telemetry_events (the day an end falls inside)', ...(leaves.some((leaf) => leaf.answeredSurvey) ? ['survey_responses'] : [])],
  };
}
