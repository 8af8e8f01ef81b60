/**
 * Keeping the rollups exact. Every change to raw telemetry events comes with the statements that
 * carry it into the rollups, run in the same transaction:
 * - `afterInsert`: the newly stored events (duplicates and refused records never reach it) are
 *   aggregated in memory, one row per rollup group of the batch, and merged in with an upsert.
 *   Reading the batch back with SQL instead cost 2.5 times the insert itself.
 * - `beforeRemove`: events about to be deleted (a session's deletion, a purge batch) are taken out:
 *   per-session rows are recomputed from the session's remaining events; the event counts are
 *   decreased, and a minimum or maximum the removed events held is recomputed.
 * The same aggregation, over every stored event, is the backfill in the migrations.
 */
import type { Dialect } from '../env.js';
import { DIALECTS } from '../query-engine/dialect.js';
import { columnOf } from '../registry/sources.js';
import type { TableSpec } from '../sql/driver.js';
import { sql, type SqlFragment, type SqlValue } from '../sql/fragment.js';
import { and, whereClauses } from '../query-engine/leaf-sql.js';
import type { Where } from '../registry/define-metric.js';
import { DAILY_ROLLUPS, FIRST_SEEN_ATTRIBUTES, FIRST_SEEN_TABLE, type DailyRollup } from './definitions.js';

const DAY_MS = 86_400_000;
const raw = sql.raw;

/** Which events a statement is about, on the events table aliased as `alias`. */
export type EventFilter = (alias: string) => SqlFragment;

export const eventsWithIds =
  (dialect: Dialect, ids: readonly string[]): EventFilter =>
  (alias) =>
    dialect === 'postgresql'
      ? sql`${raw(`${alias}.event_id`)} = ANY(${ids})`
      : // One parameter, whatever the batch's size: one statement text to prepare and cache.
        sql`${raw(`${alias}.event_id`)} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export const eventsOfSession =
  (sessionHash: string): EventFilter =>
  (alias) =>
    sql`${raw(`${alias}.session_hash`)} = ${sessionHash}`;

export const ALL_EVENTS: EventFilter = () => sql`TRUE`;

const dimensionColumns = (rollup: DailyRollup) => rollup.dimensions.map((field) => columnOf('events', field)!);
const statsColumns = (rollup: DailyRollup) => rollup.stats.map((field) => columnOf('events', field)!);

/** The day of an event: midnight UTC. */
export const dayOf = (dialect: Dialect, alias: string) => DIALECTS[dialect].utcDayStart(raw(`${alias}.timestamp`));

/**
 * The row key of a rollup's dimensions as one text, NULL as empty (no value of these fields can be
 * empty): a NULL column cannot be part of a key that conflicts on both databases.
 */
export function dimensionsKey(rollup: DailyRollup, alias: string): SqlFragment {
  const parts = dimensionColumns(rollup).map((column) => `COALESCE(CAST(${alias}.${column} AS TEXT), '')`);
  return raw(parts.length === 0 ? `''` : parts.join(` || '|' || `));
}

/** What a rollup keeps, as column name and the aggregate over raw events `t` that makes it. */
export function rollupColumns(rollup: DailyRollup): { column: string; aggregate: SqlFragment; merge: 'add' | 'sum' | 'min' | 'max' }[] {
  const columns: ReturnType<typeof rollupColumns> = [];
  for (const [name, measure] of Object.entries(rollup.measures)) {
    const matches = and(whereClauses('events', measure.where, 't.'));
    columns.push({ column: `${name}_count`, aggregate: sql`SUM(CASE WHEN ${matches} THEN 1 ELSE 0 END)`, merge: 'add' });
    if (measure.times) {
      columns.push({ column: `${name}_first_at`, aggregate: sql`MIN(CASE WHEN ${matches} THEN t.timestamp END)`, merge: 'min' });
      columns.push({ column: `${name}_last_at`, aggregate: sql`MAX(CASE WHEN ${matches} THEN t.timestamp END)`, merge: 'max' });
    }
  }
  for (const column of statsColumns(rollup)) {
    columns.push({ column: `${column}_n`, aggregate: sql`COUNT(t.${raw(column)})`, merge: 'add' });
    columns.push({ column: `${column}_sum`, aggregate: sql`SUM(t.${raw(column)})`, merge: 'sum' });
    columns.push({ column: `${column}_min`, aggregate: sql`MIN(t.${raw(column)})`, merge: 'min' });
    columns.push({ column: `${column}_max`, aggregate: sql`MAX(t.${raw(column)})`, merge: 'max' });
  }
  return columns;
}

const keyColumns = (rollup: DailyRollup) => ['day', ...(rollup.perSession ? ['session_hash'] : []), 'dims'];

/** The rollup's rows computed from the raw events matching `filter` (and the rollup's own condition). */
export function aggregateEvents(dialect: Dialect, rollup: DailyRollup, filter: SqlFragment): SqlFragment {
  filter = and([filter, ...whereClauses('events', rollup.where, 't.')]);
  const dims = dimensionColumns(rollup);
  const selected = [
    sql`${dayOf(dialect, 't')} AS day`,
    ...(rollup.perSession ? [sql`t.session_hash AS session_hash`] : []),
    sql`${dimensionsKey(rollup, 't')} AS dims`,
    ...dims.map((column) => raw(`t.${column} AS ${column}`)),
    ...rollupColumns(rollup).map(({ column, aggregate }) => sql`${aggregate} AS ${raw(column)}`),
  ];
  const groupBy = selected.slice(0, keyColumns(rollup).length + dims.length).map((_, i) => String(i + 1));
  return sql`SELECT ${sql.join(selected)} FROM telemetry_events t WHERE ${filter} GROUP BY ${raw(groupBy.join(', '))}`;
}

/** Null-ignoring merges of a stored value `a` and a new one `b`. */
const MERGE = {
  add: (a: string, b: string) => `${a} + ${b}`,
  sum: (a: string, b: string) => `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} ELSE ${a} + ${b} END`,
  min: (a: string, b: string) => `CASE WHEN ${a} IS NULL OR ${b} < ${a} THEN ${b} ELSE ${a} END`,
  max: (a: string, b: string) => `CASE WHEN ${a} IS NULL OR ${b} > ${a} THEN ${b} ELSE ${a} END`,
} as const;

/** Merges the rows of `select` into the rollup (an upsert: a new row, or added to the stored one). */
export function mergeInto(dialect: Dialect, rollup: DailyRollup, select: SqlFragment): SqlFragment {
  const columns = [...keyColumns(rollup), ...dimensionColumns(rollup), ...rollupColumns(rollup).map((c) => c.column)];
  const updates = rollupColumns(rollup).map(({ column, merge }) => `${column} = ${MERGE[merge](`${rollup.table}.${column}`, `excluded.${column}`)}`);
  // PostgreSQL locks the rows in the order they come: a fixed order keeps concurrent batches from deadlocking.
  const ordered = dialect === 'postgresql' ? sql`${select} ORDER BY ${raw(keyColumns(rollup).map((_, i) => String(i + 1)).join(', '))}` : select;
  return sql`INSERT INTO ${raw(rollup.table)} (${raw(columns.join(', '))}) ${ordered}
    ON CONFLICT (${raw(keyColumns(rollup).join(', '))}) DO UPDATE SET ${raw(updates.join(', '))}`;
}

/** The first-seen rows of the sessions of the events matching `filter`, merged with the stored ones. */
export function mergeFirstSeen(dialect: Dialect, filter: SqlFragment): SqlFragment {
  const earliest = (where: string) =>
    `ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp, event_id) AS rn FROM batch${where}`;
  const attributes = FIRST_SEEN_ATTRIBUTES.map((field) => columnOf('events', field)!);
  const joins = attributes.map(
    (column) => `LEFT JOIN (SELECT session_hash, ${column} AS v, timestamp AS at, event_id AS ev, ${earliest(` WHERE ${column} IS NOT NULL`)}) a_${column}
      ON a_${column}.session_hash = f.session_hash AND a_${column}.rn = 1`,
  );
  const attributeColumns = attributes.flatMap((column) => [`${column}`, `${column}_at`, `${column}_event_id`]);
  const attributeValues = attributes.flatMap((column) => [`a_${column}.v`, `a_${column}.at`, `a_${column}.ev`]);
  const T = FIRST_SEEN_TABLE;
  // An earlier event (by time, then id, as raw SQL orders them) replaces what is stored.
  const earlier = (at: string, ev: string) => `(excluded.${at}, excluded.${ev}) < (${T}.${at}, ${T}.${ev})`;
  const updates = [
    `first_seen = CASE WHEN ${earlier('first_seen', 'first_event_id')} THEN excluded.first_seen ELSE ${T}.first_seen END`,
    `first_event_id = CASE WHEN ${earlier('first_seen', 'first_event_id')} THEN excluded.first_event_id ELSE ${T}.first_event_id END`,
    `last_seen = ${MERGE.max(`${T}.last_seen`, 'excluded.last_seen')}`,
    ...attributes.flatMap((column) => {
      const replace = `excluded.${column}_at IS NOT NULL AND (${T}.${column}_at IS NULL OR ${earlier(`${column}_at`, `${column}_event_id`)})`;
      return [column, `${column}_at`, `${column}_event_id`].map((c) => `${c} = CASE WHEN ${replace} THEN excluded.${c} ELSE ${T}.${c} END`);
    }),
  ];
  return sql`INSERT INTO ${raw(T)} (session_hash, first_seen, first_event_id, last_seen, ${raw(attributeColumns.join(', '))})
    WITH batch AS (SELECT session_hash, timestamp, event_id, ${raw(attributes.join(', '))} FROM telemetry_events t WHERE ${filter})
    SELECT f.session_hash, f.timestamp, f.event_id, l.last_seen, ${raw(attributeValues.join(', '))}
    FROM (SELECT session_hash, timestamp, event_id, ${raw(earliest(''))}) f
    JOIN (SELECT session_hash, MAX(timestamp) AS last_seen FROM batch GROUP BY session_hash) l ON l.session_hash = f.session_hash
    ${raw(joins.join('\n    '))}
    WHERE f.rn = 1${dialect === 'postgresql' ? sql` ORDER BY f.session_hash` : sql``}
    ON CONFLICT (session_hash) DO UPDATE SET ${raw(updates.join(', '))}`;
}

/** A stored event as the maintenance reads it: column name to value, as the ingestion wrote it. */
export type EventRow = Readonly<Record<string, SqlValue>>;

/** After new events are stored: every rollup takes them in, one upsert per group of the batch. */
export function afterInsert(dialect: Dialect, events: readonly EventRow[], eventTable: TableSpec): SqlFragment[] {
  const typeOf = columnTypes(eventTable);
  return [
    ...upsertRows(dialect, { name: FIRST_SEEN_TABLE, key: FIRST_SEEN_KEY, typeOf }, firstSeenRows(events), FIRST_SEEN_MERGE),
    ...DAILY_ROLLUPS.flatMap((rollup) => {
      const merges = Object.fromEntries(rollupColumns(rollup).map((c) => [c.column, MERGE[c.merge]]));
      return upsertRows(dialect, { name: rollup.table, key: keyColumns(rollup), typeOf }, groupRows(dialect, rollup, events), merges);
    }),
  ];
}

/**
 * PostgreSQL column types of rollup rows: the events' own columns keep their types; the rest
 * follow from their names (instants, counts, text keys, numeric summaries).
 */
function columnTypes(eventTable: TableSpec): (column: string) => string {
  const raw = new Map(eventTable.columns.map((c) => [c.name, c.pgType]));
  return (column) => {
    if (raw.has(column)) return raw.get(column)!;
    if (column === 'day' || column.endsWith('_at') || column === 'first_seen' || column === 'last_seen') return 'timestamptz';
    if (column.endsWith('_count') || column.endsWith('_n')) return 'integer';
    if (column.endsWith('_sum') || column.endsWith('_min') || column.endsWith('_max')) return 'float8';
    return 'text';
  };
}

/** The rollup's rows for `events`, as `aggregateEvents` computes them in SQL. */
function groupRows(dialect: Dialect, rollup: DailyRollup, events: readonly EventRow[]): Record<string, SqlValue>[] {
  const dims = dimensionColumns(rollup);
  const measures = Object.entries(rollup.measures).map(([name, measure]) => ({ name, measure, test: matcher(measure.where) }));
  const rolledUp = matcher(rollup.where ?? {});
  const groups = new Map<string, Record<string, SqlValue>>();
  for (const event of events) {
    if (!rolledUp(event)) continue;
    const time = event.timestamp as Date;
    const day = new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
    const dimsKey = dims.map((column) => textOf(dialect, event[column] ?? null)).join('|');
    const key = `${day.getTime()}|${rollup.perSession ? event.session_hash : ''}|${dimsKey}`;
    let row = groups.get(key);
    if (!row) {
      row = { day, ...(rollup.perSession ? { session_hash: event.session_hash! } : {}), dims: dimsKey };
      for (const column of dims) row[column] = event[column] ?? null;
      for (const { name, measure } of measures) {
        row[`${name}_count`] = 0;
        if (measure.times) Object.assign(row, { [`${name}_first_at`]: null, [`${name}_last_at`]: null });
      }
      for (const column of statsColumns(rollup)) Object.assign(row, { [`${column}_n`]: 0, [`${column}_sum`]: null, [`${column}_min`]: null, [`${column}_max`]: null });
      groups.set(key, row);
    }
    for (const { name, measure, test } of measures) {
      if (!test(event)) continue;
      row[`${name}_count`] = (row[`${name}_count`] as number) + 1;
      if (measure.times) {
        row[`${name}_first_at`] = earlier(row[`${name}_first_at`] as Date | null, time);
        row[`${name}_last_at`] = later(row[`${name}_last_at`] as Date | null, time);
      }
    }
    for (const column of statsColumns(rollup)) {
      const value = event[column];
      if (value === null || value === undefined) continue;
      const v = Number(value);
      row[`${column}_n`] = (row[`${column}_n`] as number) + 1;
      row[`${column}_sum`] = row[`${column}_sum`] === null ? v : (row[`${column}_sum`] as number) + v;
      row[`${column}_min`] = row[`${column}_min`] === null ? v : Math.min(row[`${column}_min`] as number, v);
      row[`${column}_max`] = row[`${column}_max`] === null ? v : Math.max(row[`${column}_max`] as number, v);
    }
  }
  return [...groups.values()];
}

const earlier = (a: Date | null, b: Date) => (a === null || b < a ? b : a);
const later = (a: Date | null, b: Date) => (a === null || b > a ? b : a);

/** A dimension value as `CAST(x AS TEXT)` gives it on each database, NULL as empty. */
function textOf(dialect: Dialect, value: SqlValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return dialect === 'postgresql' ? String(value) : value ? '1' : '0';
  return String(value);
}

/** A rollup's condition, tested on a row (the conditions rollups use: equal, one of, not null). */
function matcher(where: Where<'events'>): (event: EventRow) => boolean {
  const tests = Object.entries(where).map(([field, test]) => {
    const column = columnOf('events', field)!;
    if (Array.isArray(test)) return (event: EventRow) => test.includes(event[column] as never);
    if (typeof test === 'object' && test !== null) {
      if (Object.keys(test).join() !== 'notNull') throw new Error(`a rollup's condition on ${field} must be a value, a list of values or notNull`);
      return (event: EventRow) => event[column] !== null && event[column] !== undefined;
    }
    return (event: EventRow) => event[column] === test;
  });
  return (event) => tests.every((test) => test(event));
}

const FIRST_SEEN_KEY = ['session_hash'];

/** Each session's first event of the batch, last time, and earliest value of each attribute. */
function firstSeenRows(events: readonly EventRow[]): Record<string, SqlValue>[] {
  const before = (a: EventRow, b: EventRow) => (a.timestamp as Date).getTime() - (b.timestamp as Date).getTime() || (String(a.event_id) < String(b.event_id) ? -1 : 1);
  const attributes = FIRST_SEEN_ATTRIBUTES.map((field) => columnOf('events', field)!);
  const rows = new Map<string, { first: EventRow; last: Date; carriers: Map<string, EventRow> }>();
  for (const event of events) {
    const session = String(event.session_hash);
    const row = rows.get(session) ?? { first: event, last: event.timestamp as Date, carriers: new Map() };
    if (before(event, row.first) < 0) row.first = event;
    row.last = later(row.last, event.timestamp as Date);
    for (const column of attributes) {
      const carrier = row.carriers.get(column);
      if (event[column] !== null && event[column] !== undefined && (!carrier || before(event, carrier) < 0)) row.carriers.set(column, event);
    }
    rows.set(session, row);
  }
  return [...rows.entries()].map(([session, { first, last, carriers }]) => {
    const row: Record<string, SqlValue> = { session_hash: session, first_seen: first.timestamp!, first_event_id: first.event_id!, last_seen: last };
    for (const column of attributes) {
      const carrier = carriers.get(column);
      Object.assign(row, { [column]: carrier?.[column] ?? null, [`${column}_at`]: carrier?.timestamp ?? null, [`${column}_event_id`]: carrier?.event_id ?? null });
    }
    return row;
  });
}

/** How the first-seen table merges a batch's row into a stored one: an earlier event replaces what is stored. */
const FIRST_SEEN_MERGE: Record<string, (stored: string, incoming: string) => string> = (() => {
  const T = FIRST_SEEN_TABLE;
  const earlierThanStored = (at: string, ev: string) => `(excluded.${at}, excluded.${ev}) < (${T}.${at}, ${T}.${ev})`;
  const merges: Record<string, (stored: string, incoming: string) => string> = {
    first_seen: (a, b) => `CASE WHEN ${earlierThanStored('first_seen', 'first_event_id')} THEN ${b} ELSE ${a} END`,
    first_event_id: (a, b) => `CASE WHEN ${earlierThanStored('first_seen', 'first_event_id')} THEN ${b} ELSE ${a} END`,
    last_seen: MERGE.max,
  };
  for (const column of FIRST_SEEN_ATTRIBUTES.map((field) => columnOf('events', field)!)) {
    const replace = `excluded.${column}_at IS NOT NULL AND (${T}.${column}_at IS NULL OR ${earlierThanStored(`${column}_at`, `${column}_event_id`)})`;
    for (const c of [column, `${column}_at`, `${column}_event_id`]) merges[c] = (a, b) => `CASE WHEN ${replace} THEN ${b} ELSE ${a} END`;
  }
  return merges;
})();

/**
 * Upserts `rows` (all with the same columns) into `table`, merging each column with the stored
 * value. SQLite: one prepared statement run per row (fast in-process); PostgreSQL: one statement
 * over column arrays, rows in key order so that concurrent batches lock them in the same order.
 */
function upsertRows(
  dialect: Dialect,
  { name: table, key, typeOf }: { name: string; key: readonly string[]; typeOf: (column: string) => string },
  rows: readonly Record<string, SqlValue>[],
  merges: Readonly<Record<string, (stored: string, incoming: string) => string>>,
): SqlFragment[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = ${(merges[c] ?? ((_a: string, b: string) => b))(`${table}.${c}`, `excluded.${c}`)}`);
  const tail = raw(` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`);
  const into = raw(`INSERT INTO ${table} (${columns.join(', ')}) `);
  if (dialect === 'sqlite') {
    return rows.map((row) => sql`${into}VALUES (${sql.join(columns.map((c) => sql`${row[c] ?? null}`))})${tail}`);
  }
  const sorted = [...rows].sort((a, b) => compareKeys(key.map((c) => a[c] ?? null), key.map((c) => b[c] ?? null)));
  const arrays = columns.map((c) => sql`CAST(${sorted.map((row) => row[c] ?? null) as SqlValue} AS ${raw(`${typeOf(c)}[]`)})`);
  return [sql`${into}SELECT * FROM unnest(${sql.join(arrays)})${tail}`];
}

const compareKeys = (a: readonly SqlValue[], b: readonly SqlValue[]): number => {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] instanceof Date ? (a[i] as Date).getTime() : a[i], b[i] instanceof Date ? (b[i] as Date).getTime() : b[i]];
    if (x === y) continue;
    return (x as string | number) < (y as string | number) ? -1 : 1;
  }
  return 0;
};


/**
 * Before the events matching `filter` are deleted: the statements that take them out of the daily
 * rollups (the first-seen table is not touched: it outlives the purge, and a session's deletion
 * removes its row itself).
 */
export function beforeRemove(dialect: Dialect, filter: EventFilter): SqlFragment[] {
  return DAILY_ROLLUPS.flatMap((rollup) => (rollup.perSession ? recomputeSessionDays(dialect, rollup, filter) : subtractEvents(dialect, rollup, filter)));
}

/** A session's rows of the days it loses events on, computed again from the events it keeps. */
function recomputeSessionDays(dialect: Dialect, rollup: DailyRollup, filter: EventFilter): SqlFragment[] {
  const removedDays = sql`SELECT ${dayOf(dialect, 'r')}, r.session_hash FROM telemetry_events r WHERE ${filter('r')}`;
  const kept = and([
    sql`t.session_hash IN (SELECT r.session_hash FROM telemetry_events r WHERE ${filter('r')})`,
    sql`(${dayOf(dialect, 't')}, t.session_hash) IN (${removedDays})`,
    sql`NOT (${filter('t')})`,
  ]);
  return [
    sql`DELETE FROM ${raw(rollup.table)} WHERE (day, session_hash) IN (${removedDays})`,
    mergeInto(dialect, rollup, aggregateEvents(dialect, rollup, kept)),
  ];
}

/**
 * Counts and sums lose what the removed events added; a minimum or maximum one of them held is
 * computed again over the group's remaining events (all of one event type and day, by index).
 */
function subtractEvents(dialect: Dialect, rollup: DailyRollup, filter: EventFilter): SqlFragment[] {
  const T = rollup.table;
  const removed = aggregateEvents(dialect, rollup, filter('t'));
  const sameGroup = and([
    ...(rollup.dimensions.includes('eventType') ? [sql`g.event_type = ${raw(T)}.event_type`] : []),
    sql`g.timestamp >= ${raw(T)}.day`,
    sql`g.timestamp < ${DIALECTS[dialect].addMs(raw(`${T}.day`), DAY_MS)}`,
    sql`${dimensionsKey(rollup, 'g')} = ${raw(T)}.dims`,
    sql`NOT (${filter('g')})`,
  ]);
  const extremes = statsColumns(rollup).map(
    (column) => sql`UPDATE ${raw(T)} SET
        ${raw(column)}_min = (SELECT MIN(g.${raw(column)}) FROM telemetry_events g WHERE ${sameGroup}),
        ${raw(column)}_max = (SELECT MAX(g.${raw(column)}) FROM telemetry_events g WHERE ${sameGroup})
      WHERE EXISTS (SELECT 1 FROM (${removed}) s WHERE s.day = ${raw(T)}.day AND s.dims = ${raw(T)}.dims
        AND (s.${raw(column)}_min <= ${raw(T)}.${raw(column)}_min OR s.${raw(column)}_max >= ${raw(T)}.${raw(column)}_max))`,
  );
  const additive = rollupColumns(rollup).filter((c) => c.merge === 'add' || c.merge === 'sum');
  const subtractions = additive.map(({ column, merge }) =>
    merge === 'add'
      ? `${column} = ${T}.${column} - s.${column}`
      : // A sum of no values is NULL, as SUM gives it.
        `${column} = CASE WHEN ${T}.${column.replace(/_sum$/, '_n')} - s.${column.replace(/_sum$/, '_n')} = 0 THEN NULL ELSE ${T}.${column} - COALESCE(s.${column}, 0) END`,
  );
  return [
    ...extremes,
    sql`UPDATE ${raw(T)} SET ${raw(subtractions.join(', '))} FROM (${removed}) s WHERE s.day = ${raw(T)}.day AND s.dims = ${raw(T)}.dims`,
    sql`DELETE FROM ${raw(T)} WHERE events_count = 0 AND (day, dims) IN (SELECT s.day, s.dims FROM (${removed}) s)`,
  ];
}

/** Backfill: the rollups (all, or those named) computed from the stored events, for the migrations (`npm run db:rollup-backfill`). */
export function backfill(dialect: Dialect, tables?: readonly string[]): SqlFragment[] {
  const wanted = (table: string) => !tables || tables.includes(table);
  return [
    ...(wanted(FIRST_SEEN_TABLE) ? [mergeFirstSeen(dialect, sql`TRUE`)] : []),
    ...DAILY_ROLLUPS.filter((rollup) => wanted(rollup.table)).map((rollup) => mergeInto(dialect, rollup, aggregateEvents(dialect, rollup, sql`TRUE`))),
  ];
}
