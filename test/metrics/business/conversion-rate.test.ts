/** conversion_rate: paying accounts over all accounts at `to` (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { billing, session as account, win } from '../../support/records.js';

const [a1, a2, a3, a4, a5, a8, a9, a10] = [account(), account(), account(), account(), account(), account(), account(), account()];

testMetric('conversion_rate', {
  records: {
    // At 04-01: FREE 40 + a4; paying a1, a3, a5 (PRO), a10 (ENTERPRISE); a2, a8, a9 cancelled: 45 accounts.
    // At 03-01: FREE 40; paying a1, a2 (PRO), a3 (TEAM), a10; a8, a9 cancelled: 44 accounts.
    subscriptions: [
      ...Array.from({ length: 40 }, () => billing(account(), '2026-01-02', 'STARTED', 'FREE', 0)),
      billing(a1, '2026-01-10', 'STARTED', 'PRO', 400),
      billing(a2, '2026-01-15', 'STARTED', 'PRO', 400), billing(a2, '2026-03-10', 'CANCELLED', 'PRO', 0),
      billing(a3, '2026-02-01', 'STARTED', 'TEAM', 1000), billing(a3, '2026-03-15', 'CHANGED', 'PRO', 500),
      billing(a4, '2026-03-05', 'STARTED', 'FREE', 0),
      billing(a5, '2026-03-20', 'STARTED', 'PRO', 300),
      billing(a8, '2026-01-20', 'STARTED', 'ENTERPRISE', 2000), billing(a8, '2026-02-10', 'CANCELLED', 'ENTERPRISE', 0),
      billing(a9, '2026-01-12', 'STARTED', 'ENTERPRISE', 2000), billing(a9, '2026-02-20', 'CANCELLED', 'ENTERPRISE', 0),
      billing(a10, '2026-02-15', 'STARTED', 'ENTERPRISE', 600),
    ],
  },
  cases: [
    // 4 paying / 45 accounts ≈ 0.0889, between 5% and 10%: met. Previous 4 / 44: (4/45 − 4/44) × 100 points.
    { name: 'value, change in points, between target', window: win('2026-03-01', '2026-04-01'), snapshot: { value: 4 / 45, previousValue: 4 / 44, change: (4 / 45 - 4 / 44) * 100, changeUnit: 'POINTS', target: { kind: 'BETWEEN', min: 0.05, max: 0.1 }, status: 'MET', attainment: 1 } },
    // At 01-05 the 40 FREE accounts only: 0, below the range (not no data).
    { name: 'free accounts only: 0, missed', window: win('2025-12-29', '2026-01-05'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no account: zero denominator, no data', window: win('2025-12-01', '2026-01-01'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
