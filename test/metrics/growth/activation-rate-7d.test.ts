/** activation_rate_7d: of the sessions first seen in the window, those with 3 successful EXEC within 7 days. */
import { testMetric } from '../../support/metric-tester.js';
import { d, ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [a1, a2, a3, a4, a5, a6, a7] = [S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-03-23', '2026-03-30');

testMetric('activation_rate_7d', {
  records: {
    // Window [03-23, 03-30): a1 ✓ (3 successes), a2 ✗ (2), a3 ✗ (its third is at its period's end,
    // 04-01 00:00), a4 (macos) ✓, period ending 04-05 12:00. Previous: a5 ✓, a6 ✓, a7 ✗.
    events: [
      ev(a1, '2026-03-23', GEN), ...on('2026-03-24', 3, (at) => ev(a1, at, EXEC)),
      ev(a2, '2026-03-24', GEN), ...on('2026-03-25', 2, (at) => ev(a2, at, EXEC)), ev(a2, '2026-03-26', EXEC, { success: false }),
      ev(a3, '2026-03-25', GEN), ev(a3, '2026-03-26', EXEC), ev(a3, '2026-03-27', EXEC), ev(a3, '2026-04-01', EXEC),
      ev(a4, '2026-03-29T12:00:00Z', GEN, MAC), ...on('2026-04-02', 3, (at) => ev(a4, at, EXEC, MAC)),
      ev(a5, '2026-03-16', GEN), ...on('2026-03-17', 3, (at) => ev(a5, at, EXEC)),
      ev(a6, '2026-03-20', GEN), ev(a6, '2026-03-21', EXEC), ev(a6, '2026-03-22', EXEC), ev(a6, '2026-03-24', EXEC),
      ev(a7, '2026-03-22', GEN), ev(a7, '2026-03-23', EXEC),
    ],
  },
  cases: [
    // a1 ✓ a2 ✗ a3 ✗ a4 ✓: 2/4 < 0.54; previous a5 ✓ a6 ✓ a7 ✗: 2/3; change (0.5 − 2/3) × 100.
    { name: 'value, change in points, target', window: W, snapshot: { value: 0.5, previousValue: 2 / 3, change: -50 / 3, status: 'MISSED', attainment: 0.5 / 0.6, sampleSize: 4, excludedCohortMembers: 0 } },
    { name: 'by platform: linux a1 ✓ a2 ✗ a3 ✗; macos a4 ✓', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [1 / 3, 'MISSED'], 'macos-aarch64': [1, 'MET'] } } },
    { name: 'asked on 04-01, a4 (period ending 04-05 12:00) is left out and counted', window: W, now: d('2026-04-01'), snapshot: { value: 1 / 3, sampleSize: 3, excludedCohortMembers: 1 } },
  ],
});
