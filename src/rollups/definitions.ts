/**
 * The rollup tables: aggregates of telemetry events per UTC day, kept exact in the same transaction
 * as every raw insert, deletion and purge (src/rollups/maintain.ts), and read instead of raw events
 * wherever one answers a leaf exactly (src/query-engine/rollup-leaves.ts). Declared here once: the
 * maintenance SQL, the backfill in the migrations and the query matcher all come from these.
 *
 * Sizes at 1 M synthetic events over 90 days (12 240 sessions): event_days 26 k rows,
 * session_days 58 k, inference_days 64 k, generation_latency_days 114 k, event_detail_days 128 k.
 * A leaf is answered by the first (smallest) rollup here that has every field it filters or splits on.
 */
import type { EventField } from '../registry/sources.js';
import type { Where } from '../registry/define-metric.js';

/** A named count of the events matching `where`: `<name>_count` (and, with `times`, `<name>_first_at`, `<name>_last_at`). */
export interface RollupMeasure {
  where: Where<'events'>;
  /** Keep the first and last time of a matching event in the group (cohort periods need them). */
  times: boolean;
}

export interface DailyRollup {
  table: string;
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
export const EVENT_DAYS: DailyRollup = {
  table: 'event_days',
  dimensions: ['eventType', 'success', 'backend', 'platform', 'persona', 'queryComplexity'],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: [],
};

/** Each session's activity per day: active users, cohorts, retention. */
export const SESSION_DAYS: DailyRollup = {
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
export const EVENT_DETAIL_DAYS: DailyRollup = {
  table: 'event_detail_days',
  dimensions: [
    'eventType', 'success', 'backend', 'platform', 'caroVersion', 'persona', 'queryComplexity',
    'errorCategory', 'validationSeverity', 'model', 'refinementCount',
  ],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: ['latencyMs', 'inferenceMs', 'refinementCount', 'memoryMb', 'cpuPercent', 'confidenceScore'],
};

/** How many COMMAND_GENERATED events had each latency: the latency percentiles. */
export const GENERATION_LATENCY_DAYS: DailyRollup = {
  table: 'generation_latency_days',
  where: { eventType: 'COMMAND_GENERATED' },
  dimensions: ['backend', 'platform', 'latencyMs'],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: [],
};

/** How many events had each inference time, by model and backend: the inference percentiles. */
export const INFERENCE_DAYS: DailyRollup = {
  table: 'inference_days',
  where: { inferenceMs: { notNull: true } },
  dimensions: ['model', 'backend', 'inferenceMs'],
  perSession: false,
  measures: { events: ALL_EVENTS },
  stats: [],
};

/** Smallest first: the order in which the query matcher tries them. */
export const DAILY_ROLLUPS: readonly DailyRollup[] = [EVENT_DAYS, SESSION_DAYS, INFERENCE_DAYS, GENERATION_LATENCY_DAYS, EVENT_DETAIL_DAYS];

/**
 * Per session, its first telemetry event and, for each of these fields, the value of its earliest
 * event that carries one: what new-user and cohort metrics split by. It outlives the event purge
 * (FIRST_SEEN_RETENTION_DAYS), so that total users stay cumulative.
 */
export const FIRST_SEEN_ATTRIBUTES: readonly EventField[] = ['platform', 'acquisitionSource', 'persona'];
export const FIRST_SEEN_TABLE = 'session_first_seen';
