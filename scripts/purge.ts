/**
 * Deletes the records past retention from DATABASE_URL now, in batches (what the server also does on
 * PURGE_SCHEDULE), with a progress bar per table on a terminal and the counts at the end.
 *
 *   npm run purge                          # RETENTION_DAYS (90), PURGE_BATCH_SIZE (2 000)
 *   npm run purge -- --dry-run             # only count
 *   npm run purge -- --batch-size 500 --retention-days 30
 */
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { db } from '../src/db.js';
import { env } from '../src/env.js';
import { type PurgeableName, purgeExpired } from '../src/privacy/purge.js';
import { applyMigrations } from '../src/sql/migrate.js';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
};

const options = new Command('purge')
  .description('Delete telemetry events and survey responses past the retention window (and, when configured, old gauges, subscription events and audits).')
  .option('--dry-run', 'only count what would be deleted')
  .option('--batch-size <rows>', 'rows per DELETE statement', positive, env.PURGE_BATCH_SIZE)
  .option('--retention-days <days>', 'override RETENTION_DAYS', positive, env.RETENTION_DAYS)
  .option('--no-progress', 'no progress bars')
  .parse()
  .opts<{ dryRun?: boolean; batchSize: number; retentionDays: number; progress: boolean }>();

const bars = new cliProgress.MultiBar(
  { format: '  {table} {bar} {value}/{total} rows', hideCursor: true, clearOnComplete: false, noTTYOutput: false },
  cliProgress.Presets.shades_classic,
);
const barOf = new Map<PurgeableName, cliProgress.SingleBar>();
const fmt = (n: number) => n.toLocaleString('en-US');

try {
  await applyMigrations(db.sql);
  const result = await purgeExpired(db.sql, {
    retentionDays: options.retentionDays,
    sessionlessRetentionDays: env.SESSIONLESS_RETENTION_DAYS,
    firstSeenRetentionDays: env.FIRST_SEEN_RETENTION_DAYS,
    batchSize: options.batchSize,
    dryRun: options.dryRun ?? false,
    onProgress: ({ name, table, deleted, total }) => {
      if (!options.progress || options.dryRun || total === 0) return;
      let bar = barOf.get(name);
      if (!bar) barOf.set(name, (bar = bars.create(Math.max(total, 1), 0, { table: table.padEnd(20) })));
      bar.setTotal(Math.max(total, deleted, 1));
      bar.update(deleted);
    },
  });
  bars.stop();
  const verb = options.dryRun ? 'would delete' : 'deleted';
  const seconds = result.durationMs / 1000;
  console.log(
    `${verb} ${fmt(result.total)} records in ${seconds.toFixed(2)} s` +
      (options.dryRun || result.total === 0 ? '' : ` (${fmt(Math.round(result.total / Math.max(seconds, 0.001)))} rows/s)`),
  );
  console.log(`  telemetry events and survey responses before ${result.cutoff.toISOString()} (${options.retentionDays} days)`);
  console.log(
    result.sessionlessCutoff
      ? `  gauges, subscription events and audits before ${result.sessionlessCutoff.toISOString()}`
      : '  gauges, subscription events and audits: kept (SESSIONLESS_RETENTION_DAYS unset)',
  );
  for (const [name, count] of Object.entries(result.deleted)) console.log(`  ${name.padEnd(20)} ${fmt(count).padStart(12)}`);
  console.log(`  ${'first-seen records'.padEnd(20)} ${fmt(result.expiredFirstSeen).padStart(12)} (sessions silent for ${env.FIRST_SEEN_RETENTION_DAYS} days)`);
} catch (error) {
  bars.stop();
  console.error(`purge: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
