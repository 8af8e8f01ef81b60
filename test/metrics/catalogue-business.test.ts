/**
 * The business metrics not covered by shipped-metrics.test.ts (#4), from each account's latest billing
 * event: fixture records in, values per window and segment out, worked by hand in the comments.
 * Window: March 2026; its previous window is the 31 days [01-29, 03-01). `change`: percent for
 * amounts, points × 100 for ratios.
 */
import { beforeAll } from 'vitest';
import { metricCases } from '../support/catalogue-fixtures.js';
import { billing, loadFixture, session as account, win } from '../support/metric-fixtures.js';

const MARCH = win('2026-03-01', '2026-04-01');
const NOTHING = win('2025-12-01', '2026-01-01');
const [a1, a2, a3, a4, a5, a8, a9, a10] = [account(), account(), account(), account(), account(), account(), account(), account()];

beforeAll(async () => {
  await loadFixture({
    subscriptions: [
      // 40 FREE accounts from 01-02.
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
  });
});

// At 04-01: FREE 40 + a4; paying a1 PRO 4, a3 PRO 5, a5 PRO 3, a10 ENTERPRISE 6 (a2, a8, a9 cancelled).
// At 03-01: FREE 40; paying a1 PRO 4, a2 PRO 4, a3 TEAM 10, a10 ENTERPRISE 6.
// At 01-29: FREE 40; paying a1, a2 (PRO), a8, a9 (ENTERPRISE).
metricCases({
  arpu: [
    // (4 + 5 + 3 + 6) / 4 paying = 4.5, between 3 and 5: met, attainment 1. Previous (4 + 4 + 10 + 6) / 4
    // = 6: −25% (an amount changes in percent).
    { name: 'value, change in percent, between target', window: MARCH, snapshot: { value: 4.5, previousValue: 6, change: -25, changeUnit: 'PERCENT', target: { kind: 'BETWEEN', min: 3, max: 5 }, status: 'MET', attainment: 1 } },
    // PRO 12 / 3 = 4; ENTERPRISE 6 / 1 = 6 > 5.5: missed; FREE has no paying account: no value.
    { name: 'by tier', window: MARCH, segments: { by: 'tier', expected: { ENTERPRISE: [6, 'MISSED'], FREE: [null, 'NO_DATA'], PRO: [4, 'MET'] } } },
    // Previous: 6 > 5.5, above the range.
    { name: 'above the range: missed', window: win('2026-02-01', '2026-03-01'), snapshot: { value: 6, status: 'MISSED', attainment: 5 / 6 } },
    { name: 'no paying account: zero denominator, no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  conversion_rate: [
    // 4 paying / 45 accounts ≈ 0.0889, between 5% and 10%: met. Previous 4 / 44: (4/45 − 4/44) × 100 points.
    { name: 'value, change in points, between target', window: MARCH, snapshot: { value: 4 / 45, previousValue: 4 / 44, change: (4 / 45 - 4 / 44) * 100, changeUnit: 'POINTS', target: { kind: 'BETWEEN', min: 0.05, max: 0.1 }, status: 'MET', attainment: 1 } },
    // At 01-05 the 40 FREE accounts only: 0, below the range (not no data).
    { name: 'free accounts only: 0, missed', window: win('2025-12-29', '2026-01-05'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no account: zero denominator, no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  tier_share: [
    // The description says: no headline value, read it by tier.
    { name: 'no headline value', window: MARCH, snapshot: { value: null, sampleSize: 45 } },
    // FREE 41, PRO 3, ENTERPRISE 1 of 45.
    { name: 'by tier', window: MARCH, segments: { by: 'tier', expected: { ENTERPRISE: [1 / 45, 'NO_TARGET'], FREE: [41 / 45, 'NO_TARGET'], PRO: [3 / 45, 'NO_TARGET'] } } },
  ],
  churn_rate: [
    // Paying at 03-01: a1 a2 a3 a10; cancelled in March: a2 → 1/4. Targets are per tier only. Previous:
    // a8 and a9 of a1 a2 a8 a9 → 0.5; change −25 points.
    { name: 'value, change in points, per-tier targets only', window: MARCH, snapshot: { value: 0.25, previousValue: 0.5, change: -25, changeUnit: 'POINTS', target: null, status: 'NO_TARGET' } },
    // By the tier at the window's start: PRO 1/2 > 5.5%; TEAM 0/1 (a3 moved to PRO but stayed), no
    // target; ENTERPRISE 0/1 ≤ 3%.
    { name: 'by tier', window: MARCH, segments: { by: 'tier', expected: { ENTERPRISE: [0, 'MET'], PRO: [0.5, 'MISSED'], TEAM: [0, 'NO_TARGET'] } } },
    // Previous window by tier: ENTERPRISE 2/2 > 3.3%.
    { name: 'previous window by tier', window: win('2026-01-29', '2026-03-01'), segments: { by: 'tier', expected: { ENTERPRISE: [1, 'MISSED'], PRO: [0, 'MET'] } } },
    { name: 'no paying account at the start: zero denominator, no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
