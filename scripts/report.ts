/**
 * Prints the weekly metrics report.
 *
 *   npm run report -- --week 2026-W02 --format md|text|json
 */
import { Command, Option } from 'commander';
import { lastCompleteWeek } from '../src/calendar/iso-week.js';
import { db } from '../src/db.js';
import { env } from '../src/env.js';
import { createEvaluator } from '../src/query-engine/evaluate.js';
import { registry } from '../src/registry/catalogue.js';
import { buildWeeklyReport } from '../src/report/weekly-report.js';

const lastWeek = lastCompleteWeek(new Date());

const options = new Command('report')
  .description('Print the weekly metrics report for an ISO week.')
  .option('--week <week>', 'ISO week, e.g. 2026-W02', lastWeek)
  .addOption(new Option('--format <format>', 'output format').choices(['md', 'text', 'json']).default('md'))
  .parse()
  .opts<{ week: string; format: 'md' | 'text' | 'json' }>();

try {
  const report = await buildWeeklyReport(createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, source: env.CARO_QUERY_SOURCE }), registry, options.week);
  if (options.format === 'json') {
    const { markdown: _markdown, text: _text, ...data } = report;
    console.log(JSON.stringify(data, null, 2));
  } else {
    process.stdout.write(options.format === 'md' ? report.markdown : report.text);
  }
} catch (error) {
  console.error(`report: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
