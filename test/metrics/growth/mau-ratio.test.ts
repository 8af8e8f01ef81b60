/** mau_ratio: mau over total users at `to` (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const [t0, t1, t2, t3, t4, t5] = [S(), S(), S(), S(), S(), S()];

testMetric('mau_ratio', {
  records: {
    // First seen and EXEC: t0 2025-12-20, t1 01-06, t2 01-08, t3 01-13, t5 01-20; t4 first seen 01-15, EXEC 01-21.
    events: [
      ev(t0, '2025-12-20', EXEC), ev(t1, '2026-01-06', EXEC), ev(t2, '2026-01-08', EXEC), ev(t3, '2026-01-13', EXEC),
      ev(t4, '2026-01-15', 'COMMAND_GENERATED'), ev(t4, '2026-01-21', EXEC), ev(t5, '2026-01-20', EXEC),
    ],
  },
  cases: [
    // At 01-26: mau (active in [12-27, 01-26)) t1 … t5 = 5 / total users t0 … t5 = 6. At 01-19: mau in
    // [12-20, 01-19) t0 t1 t2 t3 = 4 / total t0 … t4 = 5: 0.8. Change (5/6 − 0.8) × 100 points.
    // Target ≥ 0.5: met, attainment (5/6) / 0.5.
    { name: 'value, change in points, target', window: win('2026-01-19', '2026-01-26'), snapshot: { value: 5 / 6, previousValue: 0.8, change: (5 / 6 - 0.8) * 100, changeUnit: 'POINTS', status: 'MET', attainment: 5 / 3 } },
    { name: 'zero total users: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA', attainment: null } },
  ],
});
