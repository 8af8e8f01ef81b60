/** time_to_first_success_p80: seconds from first seen to the first successful EXEC (within 7 days), 80th percentile. */
import { testMetric } from '../../support/metric-tester.js';
import { d, ev, plus, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [p1, p2, p3, p4, p5, p6, q1, q2] = [S(), S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-03-02', '2026-03-09');

testMetric('time_to_first_success_p80', {
  records: {
    // Cohort [03-02, 03-09): p1 30, p2 60 (a failed EXEC at 10 s first), p3 (macos) 20, p4 80, p5 none
    // within 7 days, p6 (macos, first seen 03-08 12:00) 50. Previous cohort: q1 40, q2 80.
    events: [
      ev(p1, '2026-03-02', 'INSTALLED'), ev(p1, plus('2026-03-02', 30), EXEC),
      ev(p2, '2026-03-03', 'INSTALLED'), ev(p2, plus('2026-03-03', 10), EXEC, { success: false }), ev(p2, plus('2026-03-03', 60), EXEC),
      ev(p3, '2026-03-04', 'INSTALLED', MAC), ev(p3, plus('2026-03-04', 20), EXEC, MAC),
      ev(p4, '2026-03-05', 'INSTALLED'), ev(p4, plus('2026-03-05', 80), EXEC),
      ev(p5, '2026-03-06', 'INSTALLED'), ev(p5, '2026-03-14', EXEC),
      ev(p6, '2026-03-08T12:00:00Z', 'INSTALLED', MAC), ev(p6, plus('2026-03-08T12:00:00Z', 50), EXEC, MAC),
      ev(q1, '2026-02-24', 'INSTALLED'), ev(q1, plus('2026-02-24', 40), EXEC),
      ev(q2, '2026-02-25', 'INSTALLED'), ev(q2, plus('2026-02-25', 80), EXEC),
    ],
  },
  cases: [
    // [20 30 50 60 80] (p5 has no success within 7 days): rank 0.8 × 4 = 3.2 → 60 + 0.2 × 20 = 64 s,
    // within 10% of ≤ 60: at risk, attainment 60/64. Previous [40 80]: 40 + 0.8 × 40 = 72; (64 − 72) / 72.
    {
      name: 'value, change in percent, target',
      window: W,
      snapshot: { value: 64, previousValue: 72, change: (-8 / 72) * 100, changeUnit: 'PERCENT', status: 'AT_RISK', attainment: 60 / 64, sampleSize: 5, excludedCohortMembers: 0 },
    },
    // linux [30 60 80]: rank 1.6 → 60 + 0.6 × 20 = 72 > 66; macos [20 50]: 20 + 0.8 × 30 = 44.
    { name: 'by platform', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [72, 'MISSED'], 'macos-aarch64': [44, 'MET'] } } },
    // Asked on 03-10: p1 and p2 (whose 7 days end at 03-10 00:00 exactly) are in; p3 … p6 are left out.
    // [30 60]: 30 + 0.8 × 30 = 54.
    { name: 'look-forward not over: members left out and counted', window: W, now: d('2026-03-10'), snapshot: { value: 54, sampleSize: 2, excludedCohortMembers: 4, status: 'MET' } },
    { name: 'empty cohort: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
