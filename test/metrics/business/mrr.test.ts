/** mrr: the monthly amounts of each account's latest billing event at `to`, in dollars (an amount: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { billing, session as account, win } from '../../support/records.js';

const [b1, b2, b3, b4, b5] = [account(), account(), account(), account(), account()];
const JULY = win('2026-07-01', '2026-08-01');

testMetric('mrr', {
  records: {
    // b1 PRO $9 from 05-01; b2 TEAM $49 from 06-10; b3 ENTERPRISE $4 500 from 07-10; b4 PRO $9 from 06-01,
    // cancelled 07-20; b5 FREE from 06-05.
    subscriptions: [
      billing(b1, '2026-05-01', 'STARTED', 'PRO', 900), billing(b2, '2026-06-10', 'STARTED', 'TEAM', 4900),
      billing(b3, '2026-07-10', 'STARTED', 'ENTERPRISE', 450000), billing(b4, '2026-06-01', 'STARTED', 'PRO', 900),
      billing(b4, '2026-07-20', 'CANCELLED', 'PRO', 0), billing(b5, '2026-06-05', 'STARTED', 'FREE', 0),
    ],
  },
  cases: [
    // At 08-01: 9 + 49 + 4 500 + 0 (b4 cancelled) = 4 558, within 10% of 5 000. The previous 31 days end
    // 07-01: 9 + 49 + 9 + 0 = 67.
    { name: 'value, change in percent, scheduled target', window: JULY, snapshot: { value: 4558, previousValue: 67, change: ((4558 - 67) / 67) * 100, changeUnit: 'PERCENT', status: 'AT_RISK', attainment: 4558 / 5000 } },
    // PRO: b1 9 (b4 0); TEAM b2 49; ENTERPRISE b3 4 500; FREE b5 0.
    { name: 'by tier', window: JULY, segments: { by: 'tier', expected: { PRO: [9, 'MISSED'], TEAM: [49, 'MISSED'], ENTERPRISE: [4500, 'AT_RISK'], FREE: [0, 'MISSED'] } } },
    { name: 'before any account: 0, and no target yet', window: win('2025-12-01', '2026-01-01'), snapshot: { value: 0, status: 'NO_TARGET' } },
  ],
});
