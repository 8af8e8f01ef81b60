/**
 * Fills the database with deterministic synthetic activity (scripts/demo/synthetic.ts) through the
 * GraphQL ingestion mutations, the same path clients use, so that the dashboards have something to
 * show on a first start. The same options give the same records: running it twice stores nothing new.
 *
 *   npm run seed:demo -- [--seed 42] [--days 90] [--events 100000] [--token <admin token>]
 */
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { db } from '../src/db.js';
import { applyMigrations } from '../src/sql/migrate.js';
import { yoga } from '../src/yoga.js';
import { sendActivity } from './demo/send.js';
import { generateActivity } from './demo/synthetic.js';

const options = new Command('seed:demo')
  .description('Write synthetic Caro activity through the ingestion API.')
  .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 42)
  .option('--days <n>', 'days of activity, ending now (at most the retention window)', (v) => Number.parseInt(v, 10), 90)
  .option('--events <n>', 'telemetry events, approximately', (v) => Number.parseInt(v, 10), 100_000)
  .option('--token <token>', 'an ADMIN token, once tokens exist (audits and gauges need ADMIN)')
  .parse()
  .opts<{ seed: number; days: number; events: number; token?: string }>();

await applyMigrations(db.sql);
const totals = { accepted: 0, duplicates: 0 };
const bar = new SingleBar({ format: 'seeding [{bar}] {percentage}% | {value}/{total} events | {kind}', hideCursor: true }, Presets.shades_classic);
bar.start(options.events, 0, { kind: '' });
let events = 0;
try {
  for (const batch of generateActivity({ seed: options.seed, days: options.days, end: new Date(), targetEvents: options.events })) {
    const result = await sendActivity((url, init) => yoga.fetch(url, init), batch, options.token);
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    if (batch.kind === 'events') events += batch.records.length;
    bar.update(Math.min(events, options.events), { kind: batch.kind });
  }
  bar.update(options.events);
  bar.stop();
  console.log(`stored ${totals.accepted} records (${totals.duplicates} already there), ${events} of them telemetry events`);
} catch (error) {
  bar.stop();
  console.error(`seed:demo: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
