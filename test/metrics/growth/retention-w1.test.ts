/** retention_w1: of the sessions first seen in the window, those active in [first seen + 7 d, + 14 d). */
import { testMetric } from '../../support/metric-tester.js';
import { d, ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [u1, u2, u3, u4, u5, v1, v2, v3, v4] = [S(), S(), S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-04-06', '2026-04-13');

testMetric('retention_w1', {
  records: {
    // Cohort [04-06, 04-13): u1 ✓ (exactly + 7 d), u2 ✓ (+ 13 d 23:59), u3 ✗ (+ 1 d and exactly + 14 d),
    // u4 (macos) ✓, u5 (macos) ✗ (generates only). Previous cohort: v1 ✓, v2 v3 v4 ✗.
    events: [
      ev(u1, '2026-04-06T10:00:00Z', GEN), ev(u1, '2026-04-13T10:00:00Z', EXEC),
      ev(u2, '2026-04-07', GEN), ev(u2, '2026-04-20T23:59:00Z', EXEC),
      ev(u3, '2026-04-08', GEN), ev(u3, '2026-04-09', EXEC), ev(u3, '2026-04-22', EXEC),
      ev(u4, '2026-04-09', GEN, MAC), ev(u4, '2026-04-17', EXEC, MAC),
      ev(u5, '2026-04-10', GEN, MAC), ev(u5, '2026-04-18', GEN, MAC),
      ev(v1, '2026-03-31', GEN), ev(v1, '2026-04-08', EXEC),
      ev(v2, '2026-04-01', GEN), ev(v3, '2026-04-02', GEN), ev(v4, '2026-04-03', GEN),
    ],
  },
  cases: [
    // u1 ✓ u2 ✓ u3 ✗ u4 ✓ u5 ✗: 3/5 ≥ 0.3; previous v1 ✓ of 4: 0.25; change +35 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 0.6, previousValue: 0.25, change: 35, changeUnit: 'POINTS', status: 'MET', attainment: 2, sampleSize: 5 } },
    { name: 'by platform: linux u1 ✓ u2 ✓ u3 ✗, macos u4 ✓ u5 ✗', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [2 / 3, 'MET'], 'macos-aarch64': [0.5, 'MET'] } } },
    // On 04-20 12:00 only u1's period (ending 04-20 10:00) is over: 1/1, the 4 others left out.
    { name: 'periods not over: left out and counted', window: W, now: d('2026-04-20T12:00:00Z'), snapshot: { value: 1, sampleSize: 1, excludedCohortMembers: 4 } },
    // On 04-13 no period is over: a zero denominator, no data (not 0).
    { name: 'no period over yet: no data', window: W, now: d('2026-04-13'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0, excludedCohortMembers: 5 } },
    { name: 'empty cohort: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
