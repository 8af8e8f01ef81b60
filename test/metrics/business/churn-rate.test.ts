/** churn_rate: of the accounts paying at `from`, those cancelled in the window, by the tier at `from` (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { billing, session as account, win } from '../../support/records.js';

const [a1, a2, a3, a5, a8, a9, a10] = [account(), account(), account(), account(), account(), account(), account()];
const MARCH = win('2026-03-01', '2026-04-01');

testMetric('churn_rate', {
  records: {
    // Paying at 03-01: a1 PRO, a2 PRO (cancels 03-10), a3 TEAM (moves to PRO 03-15), a10 ENTERPRISE; a5
    // starts 03-20. At 01-29: a1, a2 (PRO), a8, a9 (ENTERPRISE, both cancelled in February).
    subscriptions: [
      billing(a1, '2026-01-10', 'STARTED', 'PRO', 400),
      billing(a2, '2026-01-15', 'STARTED', 'PRO', 400), billing(a2, '2026-03-10', 'CANCELLED', 'PRO', 0),
      billing(a3, '2026-02-01', 'STARTED', 'TEAM', 1000), billing(a3, '2026-03-15', 'CHANGED', 'PRO', 500),
      billing(a5, '2026-03-20', 'STARTED', 'PRO', 300),
      billing(a8, '2026-01-20', 'STARTED', 'ENTERPRISE', 2000), billing(a8, '2026-02-10', 'CANCELLED', 'ENTERPRISE', 0),
      billing(a9, '2026-01-12', 'STARTED', 'ENTERPRISE', 2000), billing(a9, '2026-02-20', 'CANCELLED', 'ENTERPRISE', 0),
      billing(a10, '2026-02-15', 'STARTED', 'ENTERPRISE', 600),
    ],
  },
  cases: [
    // Paying at 03-01: a1 a2 a3 a10; cancelled in March: a2 → 1/4. Targets are per tier only. Previous
    // [01-29, 03-01): a8 and a9 of a1 a2 a8 a9 → 0.5; change −25 points.
    { name: 'value, change in points, per-tier targets only', window: MARCH, snapshot: { value: 0.25, previousValue: 0.5, change: -25, changeUnit: 'POINTS', target: null, status: 'NO_TARGET' } },
    // By the tier at the window's start: PRO 1/2 > 5.5%; TEAM 0/1 (a3 moved to PRO but stayed), no
    // target; ENTERPRISE 0/1 ≤ 3%.
    { name: 'by tier', window: MARCH, segments: { by: 'tier', expected: { ENTERPRISE: [0, 'MET'], PRO: [0.5, 'MISSED'], TEAM: [0, 'NO_TARGET'] } } },
    // Previous window by tier: ENTERPRISE 2/2 > 3.3%; PRO 0/2.
    { name: 'previous window by tier', window: win('2026-01-29', '2026-03-01'), segments: { by: 'tier', expected: { ENTERPRISE: [1, 'MISSED'], PRO: [0, 'MET'] } } },
    { name: 'no paying account at the start: zero denominator, no data', window: win('2025-12-01', '2026-01-01'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
