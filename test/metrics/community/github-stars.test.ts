/** github_stars: the latest github.stars observation before `to`; its change in percent against the latest before `from`. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('github_stars', {
  // Observed on 08-01 500, 08-05 520, 08-09 560 and 08-10 600.
  records: {
    gauges: [
      gaugeAt('github.stars', '2026-08-01', 500), gaugeAt('github.stars', '2026-08-05', 520),
      gaugeAt('github.stars', '2026-08-09', 560), gaugeAt('github.stars', '2026-08-10', 600),
    ],
  },
  cases: [
    // Latest before 08-10: 560 (600 is at `to`); latest before 08-03: 500; +12%.
    { name: 'latest value and change', window: win('2026-08-03', '2026-08-10'), snapshot: { value: 560, previousValue: 500, change: 12, status: 'NO_TARGET' } },
    { name: 'never observed: no data', window: win('2026-07-01', '2026-07-08'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
