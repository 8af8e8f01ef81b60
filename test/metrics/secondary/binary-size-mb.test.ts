/** binary_size_mb: the latest release.binary_size_mb observation before `to` (megabytes: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('binary_size_mb', {
  records: {
    // 12 (01-01), 10.5 (02-01), 9.5 (02-10), 8 (02-16, at the end of the first window below).
    gauges: [
      gaugeAt('release.binary_size_mb', '2026-01-01', 12), gaugeAt('release.binary_size_mb', '2026-02-01', 10.5),
      gaugeAt('release.binary_size_mb', '2026-02-10', 9.5), gaugeAt('release.binary_size_mb', '2026-02-16', 8),
    ],
  },
  cases: [
    // Latest before 02-16: 9.5 (the 8 is at `to`); before 02-09: 10.5. (9.5 − 10.5) / 10.5; ≤ 10: met,
    // attainment 10 / 9.5.
    { name: 'value, change in percent, target', window: win('2026-02-09', '2026-02-16'), snapshot: { value: 9.5, previousValue: 10.5, change: (-1 / 10.5) * 100, changeUnit: 'PERCENT', status: 'MET', attainment: 10 / 9.5 } },
    // 10.5 is within 10% of 10; 12 is not.
    { name: 'at risk', window: win('2026-02-02', '2026-02-09'), snapshot: { value: 10.5, status: 'AT_RISK' } },
    { name: 'missed', window: win('2026-01-05', '2026-01-12'), snapshot: { value: 12, previousValue: 12, change: 0, status: 'MISSED' } },
    { name: 'never observed: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
