/** arpu: the monthly amounts of the paying accounts at `to` over their number, in dollars (an amount: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { billing, session as account, win } from '../../support/records.js';

const [a1, a2, a3, a4, a5, a8, a9, a10] = [account(), account(), account(), account(), account(), account(), account(), account()];
const MARCH = win('2026-03-01', '2026-04-01');

testMetric('arpu', {
  records: {
    // At 04-01: FREE a4; paying a1 PRO 4, a3 PRO 5, a5 PRO 3, a10 ENTERPRISE 6 (a2, a8, a9 cancelled).
    // At 03-01: paying a1 PRO 4, a2 PRO 4, a3 TEAM 10, a10 ENTERPRISE 6.
    subscriptions: [
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
    // (4 + 5 + 3 + 6) / 4 paying = 4.5, between 3 and 5: met, attainment 1. Previous (4 + 4 + 10 + 6) / 4
    // = 6: −25% (an amount changes in percent).
    { name: 'value, change in percent, between target', window: MARCH, snapshot: { value: 4.5, previousValue: 6, change: -25, changeUnit: 'PERCENT', target: { kind: 'BETWEEN', min: 3, max: 5 }, status: 'MET', attainment: 1 } },
    // PRO 12 / 3 = 4; ENTERPRISE 6 / 1 = 6 > 5.5: missed; FREE has no paying account: no value.
    { name: 'by tier', window: MARCH, segments: { by: 'tier', expected: { ENTERPRISE: [6, 'MISSED'], FREE: [null, 'NO_DATA'], PRO: [4, 'MET'] } } },
    // At 03-01: 6 > 5.5, above the range.
    { name: 'above the range: missed', window: win('2026-02-01', '2026-03-01'), snapshot: { value: 6, status: 'MISSED', attainment: 5 / 6 } },
    { name: 'no paying account: zero denominator, no data', window: win('2025-12-01', '2026-01-01'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
