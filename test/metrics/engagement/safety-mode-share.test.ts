/** safety_mode_share: each mode's share of the active sessions, by their latest mode; headline NORMAL. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const W = win('2026-06-01', '2026-06-08');

testMetric('safety_mode_share', {
  records: {
    // Window [06-01, 06-08): 8 active sessions whose latest mode is NORMAL ×6, STRICT, PERMISSIVE; one
    // active without a mode, one with a mode but not active. Previous: 2 active, NORMAL.
    events: [
      ...['NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'STRICT', 'PERMISSIVE'].map((safetyMode, i) =>
        ev(S(), `2026-06-0${2 + (i % 5)}`, EXEC, { safetyMode })),
      ev(S(), '2026-06-03', EXEC), ev(S(), '2026-06-03', 'COMMAND_GENERATED', { safetyMode: 'STRICT' }),
      ev(S(), '2026-05-26', EXEC, { safetyMode: 'NORMAL' }), ev(S(), '2026-05-27', EXEC, { safetyMode: 'NORMAL' }),
    ],
  },
  cases: [
    // Headline NORMAL 6/8 = 0.75, within 10% of the default 0.8; previous 2/2 = 1; change −25 points.
    { name: 'headline value, change, target', window: W, snapshot: { value: 0.75, previousValue: 1, change: -25, status: 'AT_RISK', attainment: 0.75 / 0.8 } },
    // STRICT 1/8 ≥ 0.1; PERMISSIVE 1/8 = 0.125 > 0.1 + 0.01.
    { name: 'by mode, each against its own target', window: W, segments: { by: 'safetyMode', expected: { NORMAL: [0.75, 'AT_RISK'], STRICT: [0.125, 'MET'], PERMISSIVE: [0.125, 'MISSED'] } } },
    { name: 'no active session: no data', window: win('2025-06-01', '2025-06-08'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
