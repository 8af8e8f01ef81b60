/**
 * What every hand-written statement shares: the periods of a request, the day-long slices that
 * additive counts are grouped by before they are rolled up into periods, and the shape of the rows
 * a statement returns.
 *
 * Periods (`p(k, lo, hi, per_week)`): k = 0 the window, 1 the previous window of equal length,
 * 2 + i the series' bucket i (src/query-engine/window.ts bucketsOf: calendar buckets cut at the
 * window's edges). `per_week` is 7 / the period's length in days, for the per-7-days ratios.
 *
 * Rows: `(m, d, k, seg, v)`: the metric id, the split dimension (NULL for the metric's own value),
 * the period (splits are over the window only: k = 0), the segment key (NULL for the value) and
 * the value. Every metric has a value row for every period, even when it is null.
 */
import { bucketsOf, previousWindow, windowDays, type Granularity, type TimeWindow } from '../../../src/query-engine/window.js';
import { DAY_MS, type DialectSql } from './dialect.js';

export interface Period {
  k: number;
  lo: Date;
  hi: Date;
}

export const WINDOW = 0;
export const PREVIOUS = 1;
export const FIRST_BUCKET = 2;

export interface Plan {
  window: TimeWindow;
  now: Date;
  granularity: Granularity;
  periods: Period[];
}

export function planOf(window: TimeWindow, granularity: Granularity, now: Date): Plan {
  const previous = previousWindow(window);
  const buckets = bucketsOf(window, granularity, now);
  const periods: Period[] = [
    { k: WINDOW, lo: window.from, hi: window.to },
    { k: PREVIOUS, lo: previous.from, hi: previous.to },
    ...buckets.map((b, i) => ({ k: FIRST_BUCKET + i, lo: b.window.from, hi: b.window.to })),
  ];
  return { window, now, granularity, periods };
}

/** What a family of statements is asked for: metric id → the dimensions it is split by (maybe none). */
export type Wants = ReadonlyMap<string, ReadonlySet<string>>;

/** Everything a statement builder needs. */
export interface Family {
  d: DialectSql;
  plan: Plan;
  wants: Wants;
}

export const span = (ranges: readonly { lo: Date; hi: Date }[]) => ({
  lo: new Date(Math.min(...ranges.map((r) => r.lo.getTime()))),
  hi: new Date(Math.max(...ranges.map((r) => r.hi.getTime()))),
});

/** `p(k, lo, hi, per_week) AS (VALUES …)`. */
export function periodsRelation(d: DialectSql, periods: readonly Period[]): string {
  const rows = periods.map((p) => `(${p.k}, ${d.instant(p.lo)}, ${d.instant(p.hi)}, ${d.double(7 / windowDays({ from: p.lo, to: p.hi }))})`);
  return `p(k, lo, hi, per_week) AS (VALUES ${rows.join(', ')})`;
}

/**
 * The slice of an instant: the refinement of the day grids that every boundary of `ranges` lies on
 * (UTC midnights, and the window's own time of day when it does not start at midnight). Each range
 * is then a union of slices, so a count per slice rolls up exactly into every range, and a slice
 * belongs to a range when its start does. Returns the SQL of the slice start of `x`.
 */
export function slicer(d: DialectSql, ranges: readonly { lo: Date; hi: Date }[]): (x: string) => string {
  const phases = [...new Set(ranges.flatMap((r) => [r.lo, r.hi]).map((t) => ((t.getTime() % DAY_MS) + DAY_MS) % DAY_MS))].sort((a, b) => a - b);
  return (x) => d.greatest(phases.map((phase) => d.dayBin(x, phase)));
}

/** `x / y` as a double, null when `y` is 0 (a ratio with a zero denominator has no value). */
export const ratio = (d: DialectSql, x: string, y: string) => `(${d.real(x)} / NULLIF(${y}, 0))`;

/** Counts over a CASE: `SUM(CASE WHEN cond THEN 1 ELSE 0 END)`. */
export const countIf = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

export function valueRows(d: DialectSql, metric: string, value: string, from: string): string {
  return `SELECT '${metric}' AS m, CAST(NULL AS TEXT) AS d, k, CAST(NULL AS TEXT) AS seg, ${d.real(value)} AS v FROM ${from}`;
}

/** Split rows over the window; `present` keeps the keys the metric has (those its parts have rows for). */
export function splitRows(d: DialectSql, metric: string, dim: string, value: string, from: string, present: string): string {
  return `SELECT '${metric}' AS m, '${dim}' AS d, ${WINDOW} AS k, seg, ${d.real(value)} AS v FROM ${from} WHERE ${present}`;
}

export function statement(ctes: readonly string[], rows: readonly string[]): string {
  return `WITH ${ctes.join(',\n')}\n${rows.join('\nUNION ALL\n')}`;
}

/** The dimensions asked of the metrics in `ids`. */
export function dimsOf(wants: Wants, ids: readonly string[]): Set<string> {
  return new Set(ids.flatMap((id) => [...(wants.get(id) ?? [])]));
}

export const wanted = (wants: Wants, ...ids: string[]) => ids.some((id) => wants.has(id));
