/** github_prs_merged: the latest github.prs_merged observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('github_prs_merged', {
  // Observed on 07-01 20, 07-08 22, 07-10 25 and 07-13 30.
  records: {
    gauges: [
      gaugeAt('github.prs_merged', '2026-07-01', 20), gaugeAt('github.prs_merged', '2026-07-08', 22),
      gaugeAt('github.prs_merged', '2026-07-10', 25), gaugeAt('github.prs_merged', '2026-07-13', 30),
    ],
  },
  cases: [
    // Latest before 07-13: 25 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 20.
    // (25 − 20) / 20 = +25%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 25, previousValue: 20, change: 25, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 30, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 30, previousValue: 30, change: 0 } },
    // [07-01, 07-08) holds the first observation (20 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 20, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
