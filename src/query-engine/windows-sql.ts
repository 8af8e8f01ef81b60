/**
 * Many windows in one statement. A leaf asked for over several windows in one request (the current
 * and previous window, every bucket of a series) is compiled once, against a `w(k, lo, hi)` relation
 * of its windows, and grouped by `k`: one grouped query per leaf, not one per bucket.
 *
 * Rollups keep whole UTC days, so a window is also split into the whole days it covers (read from a
 * rollup) and at most two partial days at its edges (read from raw events).
 */
import type { Dialect } from '../env.js';
import { sql, type SqlFragment } from '../sql/fragment.js';
import type { TimeWindow } from './window.js';

export const DAY_MS = 86_400_000;

/** A window with its index in the batch. */
export interface IndexedRange {
  k: number;
  lo: Date;
  hi: Date;
}

/** `name(k, lo, hi) AS (VALUES …)`, for a WITH clause. At least one range. */
export function rangesRelation(dialect: Dialect, name: string, ranges: readonly IndexedRange[]): SqlFragment {
  const instant = (value: Date) => (dialect === 'postgresql' ? sql`CAST(${value} AS TIMESTAMPTZ)` : sql`${value}`);
  const rows = ranges.map((r) => sql`(${sql.raw(String(r.k))}, ${instant(r.lo)}, ${instant(r.hi)})`);
  return sql`${sql.raw(name)}(k, lo, hi) AS (VALUES ${sql.join(rows)})`;
}

export const utcDayFloor = (instant: Date): Date => new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
export const utcDayCeil = (instant: Date): Date => new Date(Math.ceil(instant.getTime() / DAY_MS) * DAY_MS);

/** The whole UTC days of a range (empty when it covers none) and the partial days at its edges. */
export function splitByDays(range: IndexedRange): { days: IndexedRange | null; edges: IndexedRange[] } {
  const first = utcDayCeil(range.lo);
  const last = utcDayFloor(range.hi);
  if (first >= last) return { days: null, edges: [range] };
  const edges: IndexedRange[] = [];
  if (range.lo < first) edges.push({ k: range.k, lo: range.lo, hi: first });
  if (last < range.hi) edges.push({ k: range.k, lo: last, hi: range.hi });
  return { days: { k: range.k, lo: first, hi: last }, edges };
}

/** Windows as ranges, k being the position. */
export const indexed = (windows: readonly TimeWindow[]): IndexedRange[] => windows.map((w, k) => ({ k, lo: w.from, hi: w.to }));

/** The earliest instant any slice starts at: before any record a session can have. */
export const BEGINNING = new Date(0);

/**
 * For values that only grow with the window's end (users first seen before `to`): the disjoint
 * slices `[BEGINNING, e1), [e1, e2)…` between the distinct ends, so that each record is counted in
 * one slice and each window's value is the running sum up to its end's slice.
 */
export function slicesOf(ends: readonly Date[]): { slices: IndexedRange[]; sliceOfEnd: Map<number, number> } {
  const sorted = [...new Set(ends.map((e) => e.getTime()))].sort((a, b) => a - b);
  const slices = sorted.map((hi, k) => ({ k, lo: k === 0 ? BEGINNING : new Date(sorted[k - 1]!), hi: new Date(hi) }));
  return { slices, sliceOfEnd: new Map(sorted.map((hi, k) => [hi, k])) };
}
