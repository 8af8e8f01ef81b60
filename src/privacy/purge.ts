/**
 * Rolling retention (METRICS.md §1): telemetry events and survey responses older than the retention
 * window are deleted; gauges, subscription events and safety audits (no session) only when their own
 * window is configured. Deletion goes in batches of `batchSize` rows, each its own short statement,
 * yielding to the event loop in between, so that ingestion never waits for more than one batch.
 * Run by the server on a schedule (croner), by `npm run purge`, and by the `purgeExpiredData` mutation.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Cron } from 'croner';
import { markDataChanged } from '../caching/data-version.js';
import * as kinds from '../ingestion/record-kinds.js';
import { FIRST_SEEN_TABLE } from '../rollups/definitions.js';
import { beforeRemove, eventsWithIds } from '../rollups/maintain.js';
import type { SqlDriver } from '../sql/driver.js';
import { sql, type SqlFragment } from '../sql/fragment.js';

/** Every record kind, by its GraphQL name; `retained` kinds carry a session and follow RETENTION_DAYS. */
export const PURGEABLE = {
  telemetryEvents: kinds.telemetryEvents,
  surveyResponses: kinds.surveyResponses,
  safetyAudits: kinds.safetyAudits,
  gaugeObservations: kinds.gaugeObservations,
  subscriptionEvents: kinds.subscriptionEvents,
} as const;

export type PurgeableName = keyof typeof PURGEABLE;

export interface PurgeOptions {
  retentionDays: number;
  /** Window of the kinds without a session; undefined keeps them. */
  sessionlessRetentionDays?: number | undefined;
  /** First-seen records of sessions silent for this many days are dropped; undefined keeps them. */
  firstSeenRetentionDays?: number | undefined;
  batchSize: number;
  now?: Date;
  /** Checked between batches: an aborted purge stops after its current batch. */
  signal?: AbortSignal;
  /** Only count what would be deleted. */
  dryRun?: boolean;
  onProgress?(progress: { name: PurgeableName; table: string; deleted: number; total: number }): void;
}

export interface PurgeResult {
  cutoff: Date;
  sessionlessCutoff: Date | null;
  deleted: Record<PurgeableName, number>;
  /** First-seen records dropped (FIRST_SEEN_RETENTION_DAYS after the session's last event). */
  expiredFirstSeen: number;
  total: number;
  durationMs: number;
  /** True when the signal stopped the purge before it was done. */
  aborted: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function purgeExpired(driver: SqlDriver, options: PurgeOptions): Promise<PurgeResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const sessionlessCutoff = options.sessionlessRetentionDays ? new Date(now.getTime() - options.sessionlessRetentionDays * DAY_MS) : null;
  const deleted = Object.fromEntries(Object.keys(PURGEABLE).map((name) => [name, 0])) as Record<PurgeableName, number>;
  let aborted = false;
  for (const [name, kind] of Object.entries(PURGEABLE) as [PurgeableName, (typeof PURGEABLE)[PurgeableName]][]) {
    const before = kind.retained ? cutoff : sessionlessCutoff;
    if (before === null) continue;
    const table = sql.raw(kind.table.name);
    const time = sql.raw(snake(kind.timeField));
    const [counted] = await driver.query<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM ${table} WHERE ${time} < ${before}`);
    const total = Number(counted?.n ?? 0);
    const report = () => options.onProgress?.({ name, table: kind.table.name, deleted: deleted[name], total });
    report();
    if (options.dryRun) {
      deleted[name] = total;
      continue;
    }
    const deleteBatch = kind === kinds.telemetryEvents ? purgeEventBatch(driver, before, options.batchSize) : purgeBatch(driver, table, time, before, options.batchSize);
    for (;;) {
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const batch = await deleteBatch();
      deleted[name] += batch.deleted;
      if (batch.deleted > 0) markDataChanged();
      report();
      if (batch.done) break;
      await nextTurn();
    }
    if (aborted) break;
  }
  let expiredFirstSeen = 0;
  if (options.firstSeenRetentionDays && !aborted) {
    const silentSince = new Date(now.getTime() - options.firstSeenRetentionDays * DAY_MS);
    const expired = sql`FROM ${sql.raw(FIRST_SEEN_TABLE)} WHERE last_seen < ${silentSince}`;
    expiredFirstSeen = options.dryRun
      ? Number((await driver.query<{ n: unknown }>(sql`SELECT COUNT(*) AS n ${expired}`))[0]?.n ?? 0)
      : await driver.execute(sql`DELETE ${expired}`);
    if (!options.dryRun && expiredFirstSeen > 0) markDataChanged();
  }
  const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
  return { cutoff, sessionlessCutoff, deleted, expiredFirstSeen, total, durationMs: Date.now() - started, aborted };
}

/** One batch of a table without rollups: rowid / ctid, one form whatever its primary key (gauges have a composite one). */
type Batch = () => Promise<{ deleted: number; done: boolean }>;

function purgeBatch(driver: SqlDriver, table: SqlFragment, time: SqlFragment, before: Date, size: number): Batch {
  const batch =
    driver.dialect === 'sqlite'
      ? sql`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${time} < ${before} LIMIT ${size})`
      : sql`DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${time} < ${before} LIMIT ${size}))`;
  return async () => {
    const deleted = await driver.execute(batch);
    return { deleted, done: deleted < size };
  };
}

/** One batch of the oldest events, taken out of the rollups in the same transaction. */
function purgeEventBatch(driver: SqlDriver, before: Date, size: number): Batch {
  return async () => {
    const rows = await driver.query<{ event_id: string }>(
      sql`SELECT event_id FROM telemetry_events WHERE timestamp < ${before} ORDER BY timestamp LIMIT ${size}`,
    );
    if (rows.length === 0) return { deleted: 0, done: true };
    const batch = eventsWithIds(driver.dialect, rows.map((row) => row.event_id));
    const changed = await driver.transaction([...beforeRemove(driver.dialect, batch), sql`DELETE FROM telemetry_events AS t WHERE ${batch('t')}`]);
    return { deleted: changed.at(-1)!, done: rows.length < size };
  };
}

export interface PurgeSchedule {
  /** When the next scheduled purge starts. */
  nextRun(): Date | null;
  /** Stops the schedule; a running purge stops after its current batch, and this resolves then. */
  stop(): Promise<void>;
}

/** Runs `purge` on a cron pattern (UTC), never two at once. */
export function startPurgeSchedule(options: {
  pattern: string;
  purge(signal: AbortSignal): Promise<PurgeResult>;
  onResult(result: PurgeResult): void;
  onError(error: unknown): void;
}): PurgeSchedule {
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  const job = new Cron(options.pattern, { protect: true, timezone: 'Etc/UTC' }, async () => {
    running = options.purge(controller.signal).then(options.onResult, options.onError);
    await running;
    running = null;
  });
  return {
    nextRun: () => job.nextRun(),
    async stop() {
      job.stop();
      controller.abort();
      await running;
    },
  };
}
