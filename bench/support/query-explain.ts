/**
 * Why is a metric slow? Compiles each leaf of a metric's formula (src/query-engine/compile-leaf.ts)
 * over a window and the one before (one grouped statement), times it alone, and prints the plan: EXPLAIN QUERY PLAN on SQLite, EXPLAIN
 * (ANALYZE, BUFFERS) on PostgreSQL. With --graphql, times instead the GraphQL request of
 * `npm run bench:query` one metric at a time, and each part of it (snapshot, series, segments).
 * Meant for a database kept by `npm run bench:query -- --keep`.
 *
 *   npx tsx bench/support/query-explain.ts --url file:/tmp/caro-bench-q-x/bench.db safety_mode_share
 *   npx tsx bench/support/query-explain.ts --url postgresql://postgres@127.0.0.1:5432/caro_bench_q_x new_users --days 1 --segment platform
 *   npx tsx bench/support/query-explain.ts --url file:/tmp/caro-bench-q-x/bench.db --graphql
 *   npx tsx bench/support/query-explain.ts --url … --repeat 5 survey_response_rate   # the fastest of 5 runs
 *   npx tsx bench/support/query-explain.ts --url … --series DAY retention_w1       # as a dashboard's DAY series asks
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const DAY_MS = 86_400_000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    days: { type: 'string', default: '30' },
    segment: { type: 'string' },
    /** The window's end (ISO); default the latest event's minute. */
    to: { type: 'string' },
    graphql: { type: 'boolean', default: false },
    /** Print each statement's text and plan too. */
    plan: { type: 'boolean', default: false },
    /** Compile from raw records only, as CARO_QUERY_SOURCE=raw does. */
    raw: { type: 'boolean', default: false },
    /** Add the window's buckets of this granularity (DAY, WEEK) to the batch, as a series asks. */
    series: { type: 'string' },
    /** Run each statement this many times and print the fastest (a shared machine is noisy). */
    repeat: { type: 'string', default: '1' },
  },
});
if (!values.url) throw new Error('--url <DATABASE_URL> is required');
// src/env.ts reads the environment at import: set it first.
process.env.DATABASE_URL = values.url;
process.env.CARO_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'caro-explain-'));
process.env.NODE_ENV = 'production';
process.env.LOG_LEVEL = 'warn';

const { db } = await import('../../src/db.js');
const { registry } = await import('../../src/registry/catalogue.js');
const { compileLeaf } = await import('../../src/query-engine/compile-leaf.js');
const { isLeaf } = await import('../../src/query-engine/leaf-sql.js');
const { bucketsOf, previousWindow } = await import('../../src/query-engine/window.js');
const { sql } = await import('../../src/sql/fragment.js');
type Formula = import('../../src/registry/define-metric.js').Formula;
type LeafBatch = import('../../src/query-engine/leaf-sql.js').LeafBatch;

async function latestEvent(): Promise<Date> {
  const [row] = await db.sql.query<{ t: number | string | Date }>(sql`SELECT MAX(timestamp) AS t FROM telemetry_events`);
  const t = row?.t instanceof Date ? row.t.getTime() : Number(row?.t);
  return new Date(Math.ceil((t + 1) / 60_000) * 60_000);
}

/** The leaves a formula reads, with the segment each is asked for (a share splits its base). */
function leavesOf(formula: Formula, segmentBy: string | null, out: { formula: Formula; segmentBy: string | null }[] = []) {
  if (isLeaf(formula)) out.push({ formula, segmentBy });
  else if (formula.kind === 'metric') leavesOf(registry.formulaOf(formula.id), segmentBy, out);
  else if (formula.kind === 'ratio') [formula.numerator, formula.denominator].forEach((f) => leavesOf(f, segmentBy, out));
  else if (formula.kind === 'arithmetic') [formula.left, formula.right].forEach((f) => leavesOf(f, segmentBy, out));
  else if (formula.kind === 'share') leavesOf(formula.base, formula.of, out);
  return out;
}

async function explainMetric(id: string, to: Date): Promise<void> {
  const metric = registry.get(id);
  if (!metric) throw new Error(`no metric ${id}`);
  const window = { from: new Date(to.getTime() - Number(values.days) * DAY_MS), to };
  for (const { formula, segmentBy } of leavesOf(metric.formula, values.segment ?? null)) {
    {
      const buckets = values.series ? bucketsOf(window, values.series as import('../../src/query-engine/window.js').Granularity, to) : [];
      const windows = [window, previousWindow(window), ...buckets.map((bucket) => bucket.window)];
      const batch: LeafBatch = { leaf: formula as LeafBatch['leaf'], windows, segmentBy, filter: {}, now: to };
      const compiled = compileLeaf(db.dialect, batch, values.raw ? 'raw' : 'rollups');
      const fragment = compiled.query;
      let rows: unknown[] = [];
      let ms = Infinity;
      for (let i = 0; i < Number(values.repeat); i++) {
        const t0 = performance.now();
        rows = await db.sql.query(fragment);
        ms = Math.min(ms, performance.now() - t0);
      }
      console.log(`\n=== ${id} ${formula.kind} [${window.from.toISOString()}, ${window.to.toISOString()}) and the window before${buckets.length ? ` and ${buckets.length} ${values.series} buckets` : ''}, seg=${segmentBy ?? '-'}, from ${compiled.tables.join(' + ')}: ${ms.toFixed(1)} ms, ${rows.length} rows`);
      if (!values.plan) continue;
      const { text, values: params } = fragment.render(db.dialect);
      console.log(text.replace(/\n\s+/g, '\n  '));
      if (db.dialect === 'sqlite') {
        const plan = await db.sql.query<{ id: number; parent: number; detail: string }>(rawQuery(`EXPLAIN QUERY PLAN ${text}`, params));
        const depth = new Map<number, number>([[0, 0]]);
        for (const step of plan) {
          depth.set(step.id, (depth.get(step.parent) ?? 0) + 1);
          console.log(`${'  '.repeat(depth.get(step.id)!)}${step.detail}`);
        }
      } else {
        const plan = await db.sql.query<{ 'QUERY PLAN': string }>(rawQuery(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params));
        for (const line of plan) console.log(line['QUERY PLAN']);
      }
    }
  }
}

/** A rendered statement run as is (its values already in driver form). */
function rawQuery(text: string, params: unknown[]) {
  return { render: () => ({ text, values: params }) } as unknown as import('../../src/sql/fragment.js').SqlFragment;
}

async function graphqlBreakdown(to: Date): Promise<void> {
  const { yoga } = await import('../../src/yoga.js');
  const window = { from: new Date(to.getTime() - Number(values.days) * DAY_MS).toISOString(), to: to.toISOString() };
  const time = async (selection: string, id: string) => {
    const body = JSON.stringify({ query: `query ($window: TimeWindowInput!) { metric(id: "${id}", window: $window) { ${selection} } }`, variables: { window } });
    const t0 = performance.now();
    const json = (await (await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { errors?: unknown };
    if (json.errors) console.log(JSON.stringify(json.errors));
    return performance.now() - t0;
  };
  console.log('metric                      snapshot   series(DAY)   segments   all');
  for (const metric of registry.metrics) {
    const segments = metric.segments.length > 0 ? `segments(by: "${metric.segments[0]}") { key value }` : '';
    const parts = [
      await time('value previousValue change status', metric.id),
      await time('series(granularity: DAY) { value }', metric.id),
      segments ? await time(segments, metric.id) : 0,
      await time(`value previousValue change status series(granularity: DAY) { value } ${segments}`, metric.id),
    ];
    console.log(`${metric.id.padEnd(26)} ${parts.map((ms) => Math.round(ms).toLocaleString('en-US').padStart(10)).join('  ')}`);
  }
}

try {
  const to = values.to ? new Date(values.to) : await latestEvent();
  if (values.graphql) await graphqlBreakdown(to);
  else for (const id of positionals) await explainMetric(id, to);
} finally {
  await db.close();
}
