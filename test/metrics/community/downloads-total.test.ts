/** downloads_total: the latest downloads.total observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('downloads_total', {
  // Observed on 07-01 1000, 07-08 1100, 07-10 1500 and 07-13 1600.
  records: {
    gauges: [
      gaugeAt('downloads.total', '2026-07-01', 1000), gaugeAt('downloads.total', '2026-07-08', 1100),
      gaugeAt('downloads.total', '2026-07-10', 1500), gaugeAt('downloads.total', '2026-07-13', 1600),
    ],
  },
  cases: [
    // Latest before 07-13: 1500 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 1000.
    // (1500 − 1000) / 1000 = +50%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 1500, previousValue: 1000, change: 50, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 1600, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 1600, previousValue: 1600, change: 0 } },
    // [07-01, 07-08) holds the first observation (1000 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 1000, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
