/**
 * The SQL the engine compiles for one representative leaf of every kind, per dialect, from the
 * rollups and from the raw records (CARO_QUERY_SOURCE=raw), without a database: MetricFlow snapshots
 * its rendered SQL per engine (tests_metricflow/query_rendering/) the same way. A change of a
 * statement's shape shows in review as a diff of test/sql/__snapshots__/leaf-sql/<case>.<dialect>.sql;
 * after an intended change, `npx vitest run -u test/sql/leaf-sql.unit.test.ts` rewrites them.
 * Whether the SQL computes the right values is for the suites that run it (test/query-engine,
 * test/metrics, test/rollups/exactness).
 */
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/env.js';
import { compileLeaf, type QuerySource } from '../../src/query-engine/compile-leaf.js';
import type { Filter, LeafBatch, LeafFormula } from '../../src/query-engine/leaf-sql.js';

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgresql'];
const SOURCES: readonly QuerySource[] = ['rollups', 'raw'];

/** Two whole UTC weeks (rollups answer whole days), and "now" in the second one. */
const WEEKS = [
  { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-09T00:00:00Z') },
  { from: new Date('2026-03-09T00:00:00Z'), to: new Date('2026-03-16T00:00:00Z') },
];
const NOW = new Date('2026-03-12T10:00:00Z');

interface Case {
  leaf: LeafFormula;
  segmentBy?: string;
  filter?: Filter;
  windows?: LeafBatch['windows'];
}

/** One leaf per kind the engine compiles (the escape hatch `sql` is the metric's own SQL), taken from shipped metrics. */
const CASES: Record<string, Case> = {
  // backend_share: a share is its base leaf split by the share's dimension.
  'share-measure-count': { leaf: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } }, segmentBy: 'backend' },
  'measure-count-filtered': {
    leaf: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
    filter: { platform: ['macos-arm64', 'linux-x64'] },
  },
  // A window that starts and ends mid-day, on the hour: whole days from the daily rollup, the rest from the hourly one.
  'measure-count-mid-day': {
    leaf: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
    windows: [{ from: new Date('2026-03-02T12:00:00Z'), to: new Date('2026-03-04T06:00:00Z') }],
  },
  // Mid-hour too: the minutes before the first whole hour and after the last from raw events.
  'measure-percentile-mid-hour': {
    leaf: { kind: 'measure', source: 'events', aggregate: 'percentile', percentile: 95, field: 'latencyMs', where: { eventType: 'COMMAND_GENERATED' } },
    segmentBy: 'backend',
    windows: [{ from: new Date('2026-03-02T12:40:00Z'), to: new Date('2026-03-04T06:14:00Z') }],
  },
  'measure-countSessions': { leaf: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } } },
  // Partial days from the same daily rows, by the first and last COMMAND_EXECUTED of the day; the window inside one day from the hours.
  'measure-countSessions-mid-day': {
    leaf: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } },
    segmentBy: 'platform',
    windows: [{ from: new Date('2026-03-02T12:40:00Z'), to: new Date('2026-03-04T06:14:00Z') }],
  },
  'measure-countSessions-within-a-day': {
    leaf: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } },
    windows: [{ from: new Date('2026-03-02T12:40:00Z'), to: new Date('2026-03-02T18:14:00Z') }],
  },
  'measure-avg': { leaf: { kind: 'measure', source: 'events', aggregate: 'avg', field: 'cpuPercent' }, segmentBy: 'backend' },
  'measure-percentile': {
    leaf: { kind: 'measure', source: 'events', aggregate: 'percentile', percentile: 95, field: 'latencyMs', where: { eventType: 'COMMAND_GENERATED' } },
    segmentBy: 'platform',
  },
  'measure-surveys-avg': { leaf: { kind: 'measure', source: 'surveys', aggregate: 'avg', field: 'score', where: { survey: 'CSAT' } }, segmentBy: 'persona' },
  'measure-audits-count': { leaf: { kind: 'measure', source: 'audits', aggregate: 'count', where: { verdict: ['TRUE_POSITIVE', 'FALSE_NEGATIVE'] } } },
  rollingActive: { leaf: { kind: 'rollingActive', days: 7 }, segmentBy: 'platform' },
  'rollingActive-latestSurvey': { leaf: { kind: 'rollingActive', days: 7, latestSurvey: { survey: 'CSAT', scoreAtLeast: 4 } } },
  sessionState: { leaf: { kind: 'sessionState', field: 'pluginCount', match: { gte: 1 } } },
  newSessions: { leaf: { kind: 'newSessions' }, segmentBy: 'platform' },
  'newSessions-beforeEnd': { leaf: { kind: 'newSessions', firstSeen: 'beforeEnd' } },
  'cohort-share': {
    leaf: { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTED', where: { success: true }, atLeast: 3 }, period: { offsetDays: 0, days: 7 }, result: 'share' },
    segmentBy: 'platform',
  },
  'cohort-share-nextUtcDay': { leaf: { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTED' }, period: 'nextUtcDay', result: 'share' } },
  'cohort-percentile': {
    leaf: {
      kind: 'cohort',
      condition: { eventType: 'COMMAND_EXECUTED', where: { success: true } },
      period: { offsetDays: 0, days: 7 },
      result: { percentileSeconds: 80 },
    },
  },
  engagedSessions: {
    leaf: { kind: 'engagedSessions', condition: { eventType: 'COMMAND_EXECUTED', where: { success: true }, atLeast: 10 }, answeredSurvey: true },
  },
  gauge: { leaf: { kind: 'gauge', gauge: 'github.stars' } },
  subscriptions: { leaf: { kind: 'subscriptions', measure: 'mrr' }, segmentBy: 'tier' },
};

/** The leaf kinds the engine compiles itself; the compiler fails when a kind is added and not listed. */
const COMPILED_KINDS: Record<Exclude<LeafFormula['kind'], 'sql'>, true> = {
  measure: true,
  rollingActive: true,
  newSessions: true,
  cohort: true,
  engagedSessions: true,
  sessionState: true,
  gauge: true,
  subscriptions: true,
};

const show = (value: unknown): string => (value instanceof Date ? value.toISOString() : JSON.stringify(value));

const CLAUSE = /^(WITH|SELECT|FROM|LEFT JOIN|JOIN|WHERE|GROUP BY|HAVING|ORDER BY|UNION ALL|UNION) /;
const CTE_HEAD = /^\w+(\([\w, ]*\))? AS (MATERIALIZED )?\(/;

/**
 * The text laid out for reading: one clause (and one common table expression) a line, indented by
 * parenthesis depth. Only whitespace changes, so the layout cannot hide a change of the statement.
 */
function layout(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lines: string[] = [];
  let line = '';
  let depth = 0;
  let quoted = false;
  const breakAt = (at: number) => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '  '.repeat(at);
  };
  for (let i = 0; i < flat.length; i++) {
    const ch = flat[i]!;
    if (ch === "'") quoted = !quoted;
    const rest = flat.slice(i);
    const atWordStart = i === 0 || flat[i - 1] === ' ' || flat[i - 1] === '(';
    if (!quoted && atWordStart && CLAUSE.test(rest)) breakAt(depth);
    else if (!quoted && flat[i - 1] === ' ' && flat[i - 2] === ',' && flat[i - 3] === ')' && CTE_HEAD.test(rest)) breakAt(depth);
    if (ch === ' ' && line.trim() === '') continue;
    line += ch;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
  }
  breakAt(0);
  return lines;
}

/** The statement as the driver gets it: its text, laid out, then its parameters. */
function rendered(dialect: Dialect, name: string, c: Case): string {
  const batch: LeafBatch = { leaf: c.leaf, windows: c.windows ?? WEEKS, segmentBy: c.segmentBy ?? null, filter: c.filter ?? {}, now: NOW };
  const sections = SOURCES.map((source) => {
    const compiled = compileLeaf(dialect, batch, source);
    const { text, values } = compiled.query.render(dialect);
    const lines = layout(text);
    const params = values.map((value, i) => `--   ${dialect === 'postgresql' ? `$${i + 1}` : `?${i + 1}`} = ${show(value)}`);
    return [
      `-- source: ${source} (reads ${compiled.tables.join(', ')})${compiled.cumulative ? `, cumulative: slices ${compiled.cumulative.join(', ')}` : ''}`,
      ...lines,
      ';',
      '-- parameters:',
      ...(params.length > 0 ? params : ['--   (none)']),
    ].join('\n');
  });
  return [
    `-- ${name} on ${dialect}`,
    `-- leaf: ${JSON.stringify(c.leaf)}`,
    `-- segmentBy: ${c.segmentBy ?? 'none'}; filter: ${JSON.stringify(c.filter ?? {})}; windows: ${(c.windows ?? WEEKS).map((w) => `[${show(w.from)}, ${show(w.to)})`).join(' ')}; now: ${show(NOW)}`,
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}

describe('the SQL of each leaf kind, per dialect, from the rollups and from the raw records', () => {
  for (const dialect of DIALECTS) {
    it.each(Object.entries(CASES))(`%s on ${dialect}`, async (name, c) => {
      await expect(rendered(dialect, name, c)).toMatchFileSnapshot(`__snapshots__/leaf-sql/${name}.${dialect}.sql`);
    });
  }

  it('has a case of every leaf kind but the escape hatch', () => {
    expect(new Set(Object.values(CASES).map((c) => c.leaf.kind))).toEqual(new Set(Object.keys(COMPILED_KINDS)));
  });
});
