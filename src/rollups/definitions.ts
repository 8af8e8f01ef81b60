/**
 * The rollup tables: aggregates of telemetry events per UTC day, and the same per UTC hour, kept
 * exact in the same transaction as every raw insert, deletion and purge (src/rollups/maintain.ts),
 * and read instead of raw events wherever one answers a leaf exactly
 * (src/query-engine/rollup-leaves.ts). Declared here once: the maintenance SQL, the backfill in the
 * migrations and the query matcher all come from these.
 *
 * Why hours too: a dashboard's window ends now, at any time of day, so its first and last days
 * are partial. Read from raw events, those two partial days (a whole day's events between them)
 * cost more than all the whole days from the daily rollup (2–6× per leaf at 1 M events). The
 * hourly twin answers their whole hours; raw events only the minutes before the first whole hour
 * and after the last.
 *
 * Sizes at 1 M synthetic events over 90 days (12 240 sessions): event_days 26 k rows,
 * generation_latency_days 52 k, session_days 58 k, inference_days 64 k, event_detail_days 128 k;
 * by hour 232 k, 243 k, 124 k, 220 k and 406 k (hours of a partial day are read, never 90 days of them).
 * A leaf is answered by the first (smallest) rollup here that has every field it filters or splits on.
 */
import type { EventField } from '../registry/sources.js';
import type { Where } from '../registry/define-metric.js';

export type Grain = 'day' | 'hour';
export const GRAIN_MS: Readonly<Record<Grain, number>> = { day: 86_400_000, hour: 3_600_000 };

/** A named count of the events matching `where`: `<name>_count` (and, with `times`, `<name>_first_at`, `<name>_last_at`). */
export interface RollupMeasure {
  where: Where<'events'>;
  /** Keep the first and last time of a matching event in the group (cohort periods need them). */
  times: boolean;
}

export interface Rollup {
  table: string;
  /** The span of a row: its start is the column named after it (`day`, `hour`). */
  grain: Grain;
  /** Only the events matching this are rolled up (a leaf must ask for them exactly). */
  where?: Where<'events'>;
  /**
   * Grouping fields besides the UTC day. Their columns keep the raw columns' names. A numeric field
   * among them makes the rollup a histogram of it: exact percentiles from one row per value.
   */
  dimensions: readonly EventField[];
  /** One row per session and day as well (a `session_hash` column): distinct sessions can be counted. */
  perSession: boolean;
  measures: Readonly<Record<string, RollupMeasure>>;
  /** Numeric fields kept as `<column>_n`, `_sum`, `_min`, `_max` over the group's non-null values. */
  stats: readonly EventField[];
}

const ALL_EVENTS: RollupMeasure = { where: {}, times: false };

/** Event counts by the fields most metrics split on. */
export const EVENT_DAYS: Rollup = {
  grain: 'day',
  table: 'event_days',
  dimensions: ['eventType', 'success', 'backend', 'platform', 'persona', 'queryComplexity'],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: [],
};

/** Each session's activity per day: active users, cohorts, retention. */
export const SESSION_DAYS: Rollup = {
  grain: 'day',
  table: 'session_days',
  dimensions: ['platform', 'persona'],
  perSession: true,
  measures: {
    events: ALL_EVENTS,
    executed: { where: { eventType: 'COMMAND_EXECUTED' }, times: true },
    executed_ok: { where: { eventType: 'COMMAND_EXECUTED', success: true }, times: true },
  },
  stats: [],
};

/** Event counts and numeric summaries by every closed or short field. */
export const EVENT_DETAIL_DAYS: Rollup = {
  grain: 'day',
  table: 'event_detail_days',
  dimensions: [
    'eventType', 'success', 'backend', 'platform', 'caroVersion', 'persona', 'queryComplexity',
    'errorCategory', 'validationSeverity', 'model', 'refinementCount',
  ],
  perSession: false,
  measures: { events: ALL_EVENTS },
  // The fields the catalogue averages or takes the maximum of (percentiles use the histograms).
  stats: ['refinementCount', 'memoryMb', 'cpuPercent'],
};

/**
 * How many COMMAND_GENERATED events had each latency, by backend: the latency percentiles. (By
 * platform too, it would hold nearly one row per event at 10 M events: platform splits read raw events.)
 */
export const GENERATION_LATENCY_DAYS: Rollup = {
  grain: 'day',
  table: 'generation_latency_days',
  where: { eventType: 'COMMAND_GENERATED' },
  dimensions: ['backend', 'latencyMs'],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: [],
};

/** How many events had each inference time, by model and backend: the inference percentiles. */
export const INFERENCE_DAYS: Rollup = {
  grain: 'day',
  table: 'inference_days',
  where: { inferenceMs: { notNull: true } },
  dimensions: ['model', 'backend', 'inferenceMs'],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: [],
};

/** Smallest first: the order in which the query matcher tries them. */
export const DAILY_ROLLUPS: readonly Rollup[] = [EVENT_DAYS, GENERATION_LATENCY_DAYS, SESSION_DAYS, INFERENCE_DAYS, EVENT_DETAIL_DAYS];

const HOURLY = new Map(DAILY_ROLLUPS.map((daily) => [daily, { ...daily, grain: 'hour' as const, table: daily.table.replace(/_days$/, '_hours') }]));

/** A daily rollup's twin per UTC hour (`event_days`: `event_hours`): the same columns, keyed by `hour`. */
export const hourlyTwin = (daily: Rollup): Rollup => HOURLY.get(daily)!;

/** Every rollup table, daily and hourly: what ingestion, deletion, the purge and the backfill keep. */
export const ROLLUP_TABLES: readonly Rollup[] = [...DAILY_ROLLUPS, ...HOURLY.values()];

/**
 * Per session, its first telemetry event and, for each of these fields, the value of its earliest
 * event that carries one: what new-user and cohort metrics split by. It outlives the event purge
 * (FIRST_SEEN_RETENTION_DAYS), so that total users stay cumulative.
 */
export const FIRST_SEEN_ATTRIBUTES: readonly EventField[] = ['platform', 'acquisitionSource', 'persona'];
export const FIRST_SEEN_TABLE = 'session_first_seen';
