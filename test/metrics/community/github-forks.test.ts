/** github_forks: the latest github.forks observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('github_forks', {
  // Observed on 07-01 40, 07-08 45, 07-10 50 and 07-13 60.
  records: {
    gauges: [
      gaugeAt('github.forks', '2026-07-01', 40), gaugeAt('github.forks', '2026-07-08', 45),
      gaugeAt('github.forks', '2026-07-10', 50), gaugeAt('github.forks', '2026-07-13', 60),
    ],
  },
  cases: [
    // Latest before 07-13: 50 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 40.
    // (50 − 40) / 40 = +25%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 50, previousValue: 40, change: 25, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 60, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 60, previousValue: 60, change: 0 } },
    // [07-01, 07-08) holds the first observation (40 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 40, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
