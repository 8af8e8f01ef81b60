/** tier_share: each tier's share of the accounts at `to`; no headline value. */
import { testMetric } from '../../support/metric-tester.js';
import { billing, session as account, win } from '../../support/records.js';

const [a1, a2, a3, a4, a5] = [account(), account(), account(), account(), account()];
const MARCH = win('2026-03-01', '2026-04-01');

testMetric('tier_share', {
  records: {
    // At 04-01: FREE 40 + a4; PRO a1, a3 (moved from TEAM), a5; ENTERPRISE one (from 02-15); a2 cancelled.
    subscriptions: [
      ...Array.from({ length: 40 }, () => billing(account(), '2026-01-02', 'STARTED', 'FREE', 0)),
      billing(a1, '2026-01-10', 'STARTED', 'PRO', 400),
      billing(a2, '2026-01-15', 'STARTED', 'PRO', 400), billing(a2, '2026-03-10', 'CANCELLED', 'PRO', 0),
      billing(a3, '2026-02-01', 'STARTED', 'TEAM', 1000), billing(a3, '2026-03-15', 'CHANGED', 'PRO', 500),
      billing(a4, '2026-03-05', 'STARTED', 'FREE', 0),
      billing(a5, '2026-03-20', 'STARTED', 'PRO', 300),
      billing(account(), '2026-02-15', 'STARTED', 'ENTERPRISE', 600),
    ],
  },
  cases: [
    // The description says: no headline value, read it by tier. 45 accounts (a2 cancelled).
    { name: 'no headline value', window: MARCH, snapshot: { value: null, sampleSize: 45 } },
    // FREE 41, PRO 3, ENTERPRISE 1 of 45.
    { name: 'by tier', window: MARCH, segments: { by: 'tier', expected: { ENTERPRISE: [1 / 45, 'NO_TARGET'], FREE: [41 / 45, 'NO_TARGET'], PRO: [3 / 45, 'NO_TARGET'] } } },
  ],
});
