/**
 * Many windows in one statement. A leaf asked for over several windows in one request (the current
 * and previous window, every bucket of a series) is compiled once, against a `w(k, lo, hi)` relation
 * of its windows, and grouped by `k`: one grouped query per leaf, not one per bucket.
 *
 * Rollups keep whole UTC days and hours, so a window is also split into the whole days it covers
 * (read from a daily rollup), the whole hours of its partial days (from the hourly twin) and at
 * most two partial hours at its edges (from raw events).
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

/** An instant as a value of the database's instant type (PostgreSQL cannot tell a parameter's type everywhere). */
export const instant = (dialect: Dialect, value: Date): SqlFragment => (dialect === 'postgresql' ? sql`CAST(${value} AS TIMESTAMPTZ)` : sql`${value}`);

/** `name(k, lo, hi) AS (VALUES …)`, for a WITH clause. At least one range. */
export function rangesRelation(dialect: Dialect, name: string, ranges: readonly IndexedRange[]): SqlFragment {
  const rows = ranges.map((r) => sql`(${sql.raw(String(r.k))}, ${instant(dialect, r.lo)}, ${instant(dialect, r.hi)})`);
  return sql`${sql.raw(name)}(k, lo, hi) AS (VALUES ${sql.join(rows)})`;
}

export const HOUR_MS = 3_600_000;

/**
 * The whole UTC units (days: `DAY_MS`, hours: `HOUR_MS`) of a range, null when it covers none, and
 * the partial units at its edges.
 */
export function splitBy(unitMs: number, range: IndexedRange): { whole: IndexedRange | null; edges: IndexedRange[] } {
  const first = Math.ceil(range.lo.getTime() / unitMs) * unitMs;
  const last = Math.floor(range.hi.getTime() / unitMs) * unitMs;
  if (first >= last) return { whole: null, edges: [range] };
  const edges: IndexedRange[] = [];
  if (range.lo.getTime() < first) edges.push({ k: range.k, lo: range.lo, hi: new Date(first) });
  if (last < range.hi.getTime()) edges.push({ k: range.k, lo: new Date(last), hi: range.hi });
  return { whole: { k: range.k, lo: new Date(first), hi: new Date(last) }, edges };
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
