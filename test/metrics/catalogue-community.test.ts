/**
 * The community gauges (#4), one metric per gauge of METRICS.md §2 (id: the gauge name with `.` as
 * `_`; github_stars is in shipped-metrics.test.ts): the latest observation before `to`, the change
 * (percent) against the latest before `from`. Every gauge is observed on 07-01 (`before`), 07-08,
 * 07-10 (`latest`) and 07-13 (`atTo`, the window's end, so not in it). No gauge has a target.
 */
import { beforeAll } from 'vitest';
import type { MetricCase } from '../support/catalogue-fixtures.js';
import { metricCases } from '../support/catalogue-fixtures.js';
import { gaugeAt, loadFixture, win } from '../support/metric-fixtures.js';

const W = win('2026-07-06', '2026-07-13');

/** gauge → [before, 07-08, latest, atTo, change in percent = (latest − before) / before × 100]. */
const GAUGES: Record<string, [number, number, number, number, number]> = {
  'github.forks': [40, 45, 50, 60, 25],
  'github.contributors_month': [8, 9, 6, 7, -25],
  'github.prs_merged': [20, 22, 25, 30, 25],
  'github.issues_open': [30, 40, 36, 35, 20],
  'discord.members': [200, 210, 250, 260, 25],
  'discord.active_7d': [50, 45, 40, 42, -20],
  'discord.messages_day': [80, 100, 120, 90, 50],
  'discord.first_response_minutes': [30, 20, 15, 12, -50],
  'downloads.total': [1000, 1100, 1500, 1600, 50],
  'content.blog_views': [400, 500, 300, 350, -25],
};

beforeAll(async () => {
  await loadFixture({
    gauges: Object.entries(GAUGES).flatMap(([gauge, [before, mid, latest, atTo]]) => [
      gaugeAt(gauge, '2026-07-01', before), gaugeAt(gauge, '2026-07-08', mid),
      gaugeAt(gauge, '2026-07-10', latest), gaugeAt(gauge, '2026-07-13', atTo),
    ]),
  });
});

const casesOf = ([before, , latest, atTo, change]: [number, number, number, number, number]): MetricCase[] => [
  { name: 'latest before `to`, change against the latest before `from`', window: W, snapshot: { value: latest, previousValue: before, change, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 } },
  // No observation in [07-20, 07-27): the value carries over from 07-13, and so does the previous one.
  { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: atTo, previousValue: atTo, change: 0 } },
  // [07-01, 07-08) holds the first observation (07-01 00:00); nothing before it.
  { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: before, previousValue: null, change: null, status: 'NO_TARGET' } },
  { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
];

metricCases(Object.fromEntries(Object.entries(GAUGES).map(([gauge, row]) => [gauge.replace('.', '_'), casesOf(row)])));
