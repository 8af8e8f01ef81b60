/**
 * The few places where SQLite and PostgreSQL differ for aggregation. SQLite keeps instants as
 * epoch milliseconds (src/db.ts); PostgreSQL as timestamptz.
 */
import type { Dialect } from '../env.js';
import { sql, type SqlFragment } from '../sql/fragment.js';

export interface DialectSql {
  /** `instant + ms` */
  addMs(instant: SqlFragment, ms: number): SqlFragment;
  /** Midnight UTC of the instant's day. */
  utcDayStart(instant: SqlFragment): SqlFragment;
  /** The start of the instant's UTC hour. */
  utcHourStart(instant: SqlFragment): SqlFragment;
  /** Seconds from `start` to `end`, fractional. */
  secondsBetween(start: SqlFragment, end: SqlFragment): SqlFragment;
  /** Continuous percentile (linear interpolation), `p` from 0 to 100. */
  percentile(value: SqlFragment, p: number): SqlFragment;
  /** A group's values as one list, for `listItems`. */
  listOf(value: SqlFragment): SqlFragment;
  /** A FROM item with a row per element of `list`, its value in column `<alias>.value`. */
  listItems(list: SqlFragment, alias: string): SqlFragment;
}

const sqlite: DialectSql = {
  addMs: (instant, ms) => sql`(${instant} + ${sql.raw(String(Math.trunc(ms)))})`,
  utcDayStart: (instant) => sql`((${instant} / 86400000) * 86400000)`,
  utcHourStart: (instant) => sql`((${instant} / 3600000) * 3600000)`,
  secondsBetween: (start, end) => sql`((${end} - ${start}) / 1000.0)`,
  percentile: (value, p) => sql`percentile(${value}, ${sql.raw(String(p))})`,
  listOf: (value) => sql`json_group_array(${value})`,
  listItems: (list, alias) => sql`json_each(${list}) ${sql.raw(alias)}`,
};

const postgresql: DialectSql = {
  addMs: (instant, ms) => sql`(${instant} + interval '${sql.raw(String(Math.trunc(ms)))} milliseconds')`,
  utcDayStart: (instant) => sql`date_trunc('day', ${instant}, 'UTC')`,
  utcHourStart: (instant) => sql`date_trunc('hour', ${instant}, 'UTC')`,
  secondsBetween: (start, end) => sql`EXTRACT(EPOCH FROM (${end} - ${start}))`,
  percentile: (value, p) => sql`percentile_cont(${sql.raw(String(p / 100))}) WITHIN GROUP (ORDER BY ${value})`,
  listOf: (value) => sql`array_agg(${value})`,
  listItems: (list, alias) => sql`unnest(${list}) AS ${sql.raw(alias)}(value)`,
};

export const DIALECTS: Record<Dialect, DialectSql> = { sqlite, postgresql };
