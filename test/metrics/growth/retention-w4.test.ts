/** retention_w4: of the sessions first seen in the window, those active in [first seen + 28 d, + 35 d). */
import { testMetric } from '../../support/metric-tester.js';
import { d, ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [y1, y2, y3, y4, y5, z1, z2] = [S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-05-04', '2026-05-11');

testMetric('retention_w4', {
  records: {
    // Cohort [05-04, 05-11): y1 ✓, y2 ✗ (+ 15 d and exactly + 35 d), y3 (macos) ✓, y4 (macos) ✗, y5 ✗.
    // Previous cohort: z1 ✓, z2 ✗.
    events: [
      ev(y1, '2026-05-04', GEN), ev(y1, '2026-06-02', EXEC),
      ev(y2, '2026-05-05', GEN), ev(y2, '2026-05-20', EXEC), ev(y2, '2026-06-09', EXEC),
      ev(y3, '2026-05-06', GEN, MAC), ev(y3, '2026-06-05', EXEC, MAC),
      ev(y4, '2026-05-07', GEN, MAC), ev(y5, '2026-05-08', GEN),
      ev(z1, '2026-04-28', GEN), ev(z1, '2026-05-27', EXEC), ev(z2, '2026-04-29', GEN),
    ],
  },
  cases: [
    // y1 ✓ y2 ✗ y3 ✓ y4 ✗ y5 ✗: 0.4 ≥ 0.2; previous z1 ✓ z2 ✗: 0.5; change −10 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 0.4, previousValue: 0.5, change: -10, status: 'MET', attainment: 2 } },
    { name: 'by platform: linux 1/3, macos 1/2', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [1 / 3, 'MET'], 'macos-aarch64': [0.5, 'MET'] } } },
    // On 06-03 no period is over (y1's, the first, ends 05-04 + 35 d = 06-08): zero denominator.
    { name: 'periods not over: no data, all 5 left out', window: W, now: d('2026-06-03'), snapshot: { value: null, status: 'NO_DATA', excludedCohortMembers: 5 } },
  ],
});
