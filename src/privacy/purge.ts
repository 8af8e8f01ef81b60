/**
 * Rolling retention (METRICS.md §1): telemetry events and survey responses older than the retention
 * window are deleted; gauges, subscription events and safety audits (no session) only when their own
 * window is configured. Deletion goes in batches of `batchSize` rows, each its own short statement,
 * yielding to the event loop in between, so that ingestion never waits for more than one batch.
 * Run by the server on a schedule (croner), by `npm run purge`, and by the `purgeExpiredData` mutation.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Cron } from 'croner';
import * as kinds from '../ingestion/record-kinds.js';
import type { SqlExecutor } from '../sql/driver.js';
import { sql } from '../sql/fragment.js';

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
  total: number;
  durationMs: number;
  /** True when the signal stopped the purge before it was done. */
  aborted: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function purgeExpired(driver: SqlExecutor, options: PurgeOptions): Promise<PurgeResult> {
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
    // rowid / ctid: one form for every table, whatever its primary key (gauges have a composite one).
    const batch =
      driver.dialect === 'sqlite'
        ? sql`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${time} < ${before} LIMIT ${options.batchSize})`
        : sql`DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${time} < ${before} LIMIT ${options.batchSize}))`;
    for (;;) {
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const n = await driver.execute(batch);
      deleted[name] += n;
      report();
      if (n < options.batchSize) break;
      await nextTurn();
    }
    if (aborted) break;
  }
  const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
  return { cutoff, sessionlessCutoff, deleted, total, durationMs: Date.now() - started, aborted };
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
