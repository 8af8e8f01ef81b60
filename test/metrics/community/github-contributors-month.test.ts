/** github_contributors_month: the latest github.contributors_month observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('github_contributors_month', {
  // Observed on 07-01 8, 07-08 9, 07-10 6 and 07-13 7.
  records: {
    gauges: [
      gaugeAt('github.contributors_month', '2026-07-01', 8), gaugeAt('github.contributors_month', '2026-07-08', 9),
      gaugeAt('github.contributors_month', '2026-07-10', 6), gaugeAt('github.contributors_month', '2026-07-13', 7),
    ],
  },
  cases: [
    // Latest before 07-13: 6 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 8.
    // (6 − 8) / 8 = −25%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 6, previousValue: 8, change: -25, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 7, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 7, previousValue: 7, change: 0 } },
    // [07-01, 07-08) holds the first observation (8 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 8, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
