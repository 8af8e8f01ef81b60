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
import { sql, SqlFragment, type SqlValue } from '../sql/fragment.js';
import { and, whereClauses } from '../query-engine/leaf-sql.js';
import type { Where } from '../registry/define-metric.js';
import { DAILY_ROLLUPS, FIRST_SEEN_ATTRIBUTES, FIRST_SEEN_TABLE, GRAIN_MS, hourlyTwin, ROLLUP_TABLES, type Rollup } from './definitions.js';

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

const dimensionColumns = (rollup: Rollup) => rollup.dimensions.map((field) => columnOf('events', field)!);
const statsColumns = (rollup: Rollup) => rollup.stats.map((field) => columnOf('events', field)!);

/** The start of an event's row in the rollup: midnight UTC, or the UTC hour. */
const bucketOf = (dialect: Dialect, rollup: Rollup, alias: string) =>
  rollup.grain === 'day' ? DIALECTS[dialect].utcDayStart(raw(`${alias}.timestamp`)) : DIALECTS[dialect].utcHourStart(raw(`${alias}.timestamp`));

/**
 * The row key of a rollup's dimensions as one text, NULL as empty (no value of these fields can be
 * empty): a NULL column cannot be part of a key that conflicts on both databases.
 */
export function dimensionsKey(rollup: Rollup, alias: string): SqlFragment {
  const parts = dimensionColumns(rollup).map((column) => `COALESCE(CAST(${alias}.${column} AS TEXT), '')`);
  return raw(parts.length === 0 ? `''` : parts.join(` || '|' || `));
}

export interface RollupColumn {
  column: string;
  aggregate: SqlFragment;
  merge: 'add' | 'sum' | 'min' | 'max';
}

const columnsOf = new WeakMap<Rollup, readonly RollupColumn[]>();

/**
 * What a rollup keeps, as column name and the aggregate over raw events `t` that makes it. Worked
 * out once per rollup: every ingested batch asks for it three times per daily rollup.
 */
export function rollupColumns(rollup: Rollup): readonly RollupColumn[] {
  if (!columnsOf.has(rollup)) columnsOf.set(rollup, computeRollupColumns(rollup));
  return columnsOf.get(rollup)!;
}

function computeRollupColumns(rollup: Rollup): RollupColumn[] {
  const columns: RollupColumn[] = [];
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

const keyColumns = (rollup: Rollup) => [rollup.grain, ...(rollup.perSession ? ['session_hash'] : []), 'dims'];

/** The rollup's rows computed from the raw events matching `filter` (and the rollup's own condition). */
export function aggregateEvents(dialect: Dialect, rollup: Rollup, filter: SqlFragment): SqlFragment {
  filter = and([filter, ...whereClauses('events', rollup.where, 't.')]);
  const dims = dimensionColumns(rollup);
  const selected = [
    sql`${bucketOf(dialect, rollup, 't')} AS ${raw(rollup.grain)}`,
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
export function mergeInto(dialect: Dialect, rollup: Rollup, select: SqlFragment): SqlFragment {
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
  const upsert = (rollup: Rollup, rows: readonly Record<string, SqlValue>[]) =>
    upsertRows(dialect, { name: rollup.table, key: keyColumns(rollup), typeOf }, rows, Object.fromEntries(rollupColumns(rollup).map((c) => [c.column, MERGE[c.merge]])));
  return [
    ...upsertRows(dialect, { name: FIRST_SEEN_TABLE, key: FIRST_SEEN_KEY, typeOf }, firstSeenRows(events), FIRST_SEEN_MERGE),
    ...DAILY_ROLLUPS.flatMap((daily) => {
      // The batch is grouped once, by hour; its daily rows are its hourly rows merged (fewer than its events).
      const hourly = groupRows(dialect, hourlyTwin(daily), events);
      return [...upsert(daily, byDay(daily, hourly)), ...upsert(hourlyTwin(daily), hourly)];
    }),
  ];
}

/** How two partial rows of one group make one, per column (nulls ignored, as SQL aggregates do). */
const COMBINE: Record<'add' | 'sum' | 'min' | 'max', (a: SqlValue, b: SqlValue) => SqlValue> = {
  add: (a, b) => (a as number) + (b as number),
  sum: (a, b) => (a === null ? b : b === null ? a : (a as number) + (b as number)),
  min: (a, b) => (a === null || (b !== null && b < a) ? b : a),
  max: (a, b) => (a === null || (b !== null && b > a) ? b : a),
};

/** A daily rollup's rows from its hourly twin's rows of the same events. */
function byDay(daily: Rollup, hourRows: readonly Record<string, SqlValue>[]): Record<string, SqlValue>[] {
  const columns = rollupColumns(daily);
  const groups = new Map<string, Record<string, SqlValue>>();
  for (const { hour, ...rest } of hourRows) {
    const day = new Date(Math.floor((hour as Date).getTime() / GRAIN_MS.day) * GRAIN_MS.day);
    const key = `${day.getTime()}|${rest.session_hash ?? ''}|${rest.dims}`;
    const row = groups.get(key);
    if (!row) groups.set(key, { day, ...rest });
    else for (const { column, merge } of columns) row[column] = COMBINE[merge](row[column] ?? null, rest[column] ?? null);
  }
  return [...groups.values()];
}

/**
 * PostgreSQL column types of rollup rows: the events' own columns keep their types; the rest
 * follow from their names (instants, counts, text keys, numeric summaries).
 */
function columnTypes(eventTable: TableSpec): (column: string) => string {
  const raw = new Map(eventTable.columns.map((c) => [c.name, c.pgType]));
  return (column) => {
    if (raw.has(column)) return raw.get(column)!;
    if (column === 'day' || column === 'hour' || column.endsWith('_at') || column === 'first_seen' || column === 'last_seen') return 'timestamptz';
    if (column.endsWith('_count') || column.endsWith('_n')) return 'integer';
    if (column.endsWith('_sum') || column.endsWith('_min') || column.endsWith('_max')) return 'float8';
    return 'text';
  };
}

/** The rollup's rows for `events`, as `aggregateEvents` computes them in SQL. */
function groupRows(dialect: Dialect, rollup: Rollup, events: readonly EventRow[]): Record<string, SqlValue>[] {
  const dims = dimensionColumns(rollup);
  // Column names worked out once, not per event: this runs for every stored batch.
  const measures = Object.entries(rollup.measures).map(([name, measure]) => ({
    test: matcher(measure.where),
    count: `${name}_count`,
    times: measure.times ? ([`${name}_first_at`, `${name}_last_at`] as const) : null,
  }));
  const stats = statsColumns(rollup).map((column) => ({ column, n: `${column}_n`, sum: `${column}_sum`, min: `${column}_min`, max: `${column}_max` }));
  const rolledUp = matcher(rollup.where ?? {});
  const grainMs = GRAIN_MS[rollup.grain];
  const groups = new Map<string, Record<string, SqlValue>>();
  for (const event of events) {
    if (!rolledUp(event)) continue;
    const time = event.timestamp as Date;
    const start = Math.floor(time.getTime() / grainMs) * grainMs;
    let dimsKey = '';
    for (let i = 0; i < dims.length; i++) dimsKey += (i === 0 ? '' : '|') + textOf(dialect, event[dims[i]!] ?? null);
    const key = rollup.perSession ? `${start}|${event.session_hash}|${dimsKey}` : `${start}|${dimsKey}`;
    let row = groups.get(key);
    if (!row) {
      row = { [rollup.grain]: new Date(start), ...(rollup.perSession ? { session_hash: event.session_hash! } : {}), dims: dimsKey };
      for (const column of dims) row[column] = event[column] ?? null;
      for (const m of measures) {
        row[m.count] = 0;
        if (m.times) row[m.times[0]] = row[m.times[1]] = null;
      }
      for (const s of stats) Object.assign(row, { [s.n]: 0, [s.sum]: null, [s.min]: null, [s.max]: null });
      groups.set(key, row);
    }
    for (const m of measures) {
      if (!m.test(event)) continue;
      row[m.count] = (row[m.count] as number) + 1;
      if (m.times) {
        row[m.times[0]] = earlier(row[m.times[0]] as Date | null, time);
        row[m.times[1]] = later(row[m.times[1]] as Date | null, time);
      }
    }
    for (const s of stats) {
      const value = event[s.column];
      if (value === null || value === undefined) continue;
      const v = Number(value);
      row[s.n] = (row[s.n] as number) + 1;
      row[s.sum] = row[s.sum] === null ? v : (row[s.sum] as number) + v;
      row[s.min] = row[s.min] === null ? v : Math.min(row[s.min] as number, v);
      row[s.max] = row[s.max] === null ? v : Math.max(row[s.max] as number, v);
    }
  }
  return [...groups.values()];
}

const earlier = (a: Date | null, b: Date) => COMBINE.min(a, b) as Date;
const later = (a: Date | null, b: Date) => COMBINE.max(a, b) as Date;

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

const SQLITE_ROWS_PER_UPSERT = 64;

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
    // Rows in fixed-size statements: few statement texts to prepare, few calls into SQLite.
    const statements: SqlFragment[] = [];
    for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_UPSERT) {
      const values = rows.slice(i, i + SQLITE_ROWS_PER_UPSERT).map((row) => new SqlFragment(['(', ...columns.slice(1).map(() => ', '), ')'], columns.map((c) => row[c] ?? null)));
      statements.push(sql`${into}VALUES ${sql.join(values)}${tail}`);
    }
    return statements;
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
  return ROLLUP_TABLES.flatMap((rollup) => (rollup.perSession ? recomputeSessionRows(dialect, rollup, filter) : subtractEvents(dialect, rollup, filter)));
}

/** A session's rows of the days (hours) it loses events in, computed again from the events it keeps. */
function recomputeSessionRows(dialect: Dialect, rollup: Rollup, filter: EventFilter): SqlFragment[] {
  const removedBuckets = sql`SELECT ${bucketOf(dialect, rollup, 'r')}, r.session_hash FROM telemetry_events r WHERE ${filter('r')}`;
  const kept = and([
    sql`t.session_hash IN (SELECT r.session_hash FROM telemetry_events r WHERE ${filter('r')})`,
    sql`(${bucketOf(dialect, rollup, 't')}, t.session_hash) IN (${removedBuckets})`,
    sql`NOT (${filter('t')})`,
  ]);
  return [
    sql`DELETE FROM ${raw(rollup.table)} WHERE (${raw(rollup.grain)}, session_hash) IN (${removedBuckets})`,
    mergeInto(dialect, rollup, aggregateEvents(dialect, rollup, kept)),
  ];
}

/**
 * Counts and sums lose what the removed events added; a minimum or maximum one of them held is
 * computed again over the group's remaining events (all of one event type and day or hour, by index).
 */
function subtractEvents(dialect: Dialect, rollup: Rollup, filter: EventFilter): SqlFragment[] {
  const [T, start] = [rollup.table, rollup.grain];
  const removed = aggregateEvents(dialect, rollup, filter('t'));
  const sameGroup = and([
    ...(rollup.dimensions.includes('eventType') ? [sql`g.event_type = ${raw(T)}.event_type`] : []),
    sql`g.timestamp >= ${raw(`${T}.${start}`)}`,
    sql`g.timestamp < ${DIALECTS[dialect].addMs(raw(`${T}.${start}`), GRAIN_MS[rollup.grain])}`,
    sql`${dimensionsKey(rollup, 'g')} = ${raw(T)}.dims`,
    sql`NOT (${filter('g')})`,
  ]);
  const extremes = statsColumns(rollup).map(
    (column) => sql`UPDATE ${raw(T)} SET
        ${raw(column)}_min = (SELECT MIN(g.${raw(column)}) FROM telemetry_events g WHERE ${sameGroup}),
        ${raw(column)}_max = (SELECT MAX(g.${raw(column)}) FROM telemetry_events g WHERE ${sameGroup})
      WHERE EXISTS (SELECT 1 FROM (${removed}) s WHERE s.${raw(start)} = ${raw(`${T}.${start}`)} AND s.dims = ${raw(T)}.dims
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
    sql`UPDATE ${raw(T)} SET ${raw(subtractions.join(', '))} FROM (${removed}) s WHERE s.${raw(start)} = ${raw(`${T}.${start}`)} AND s.dims = ${raw(T)}.dims`,
    sql`DELETE FROM ${raw(T)} WHERE events_count = 0 AND (${raw(start)}, dims) IN (SELECT s.${raw(start)}, s.dims FROM (${removed}) s)`,
  ];
}

/** Backfill: the rollups (all, or those named) computed from the stored events, for the migrations (`npm run db:rollup-backfill`). */
export function backfill(dialect: Dialect, tables?: readonly string[]): SqlFragment[] {
  const wanted = (table: string) => !tables || tables.includes(table);
  return [
    ...(wanted(FIRST_SEEN_TABLE) ? [mergeFirstSeen(dialect, sql`TRUE`)] : []),
    ...ROLLUP_TABLES.filter((rollup) => wanted(rollup.table)).map((rollup) => mergeInto(dialect, rollup, aggregateEvents(dialect, rollup, sql`TRUE`))),
  ];
}
