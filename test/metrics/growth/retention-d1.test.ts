/** retention_d1: of the sessions first seen in the window, those active the next UTC day. */
import { testMetric } from '../../support/metric-tester.js';
import { d, ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [r1, r2, r3, r4, r5, r6, r7] = [S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-04-20', '2026-04-27');

testMetric('retention_d1', {
  records: {
    // Window [04-20, 04-27): r1 ✓, r2 ✗ (active the same day and two days later), r3 (macos) ✓,
    // r4 (macos) ✓ on 04-27, after `to`; r5 ✗. Previous: r6 ✓, r7 ✗.
    events: [
      ev(r1, '2026-04-20T23:00:00Z', GEN), ev(r1, '2026-04-21T00:30:00Z', EXEC),
      ev(r2, '2026-04-21', GEN), ev(r2, '2026-04-21T23:59:00Z', EXEC), ev(r2, '2026-04-23', EXEC),
      ev(r3, '2026-04-22T12:00:00Z', GEN, MAC), ev(r3, '2026-04-23T12:00:00Z', EXEC, MAC),
      ev(r4, '2026-04-26T20:00:00Z', GEN, MAC), ev(r4, '2026-04-27T10:00:00Z', EXEC, MAC),
      ev(r5, '2026-04-25', GEN),
      ev(r6, '2026-04-14', GEN), ev(r6, '2026-04-15', EXEC), ev(r7, '2026-04-15', GEN),
    ],
  },
  cases: [
    // r1 ✓ r2 ✗ r3 ✓ r4 ✓ r5 ✗: 3/5 ≥ 0.4; previous r6 ✓ r7 ✗: 0.5; change +10 points.
    { name: 'value, change, target', window: W, snapshot: { value: 0.6, previousValue: 0.5, change: 10, status: 'MET', attainment: 1.5 } },
    { name: 'by platform: linux 1/3 (< 0.36), macos 2/2', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [1 / 3, 'MISSED'], 'macos-aarch64': [1, 'MET'] } } },
    { name: 'asked on 04-27 12:00, r4 (next day 04-27) is left out: 2/4', window: W, now: d('2026-04-27T12:00:00Z'), snapshot: { value: 0.5, sampleSize: 4, excludedCohortMembers: 1 } },
  ],
});
