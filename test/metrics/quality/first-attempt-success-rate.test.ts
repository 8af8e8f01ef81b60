/** first_attempt_success_rate: successful COMMAND_GENERATED over COMMAND_GENERATED (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const REPAIR = 'AGENT_LOOP_REPAIR';
const W = win('2026-06-22', '2026-06-29');

testMetric('first_attempt_success_rate', {
  records: {
    // Window [06-22, 06-29): STATIC 10 GEN (9 ✓) + 1 REPAIR ✓; EMBEDDED 10 GEN (7 ✓) + 2 REPAIR ✓ + 1 REPAIR ✗.
    // Previous: 10 GEN (9 ✓). Next week: a REPAIR and no GEN.
    events: [
      ...on('2026-06-22', 10, (at, i) => ev(S(), at, GEN, { success: i < 9 })), ev(S(), '2026-06-23', REPAIR),
      ...on('2026-06-24', 10, (at, i) => ev(S(), at, GEN, { backend: 'EMBEDDED', success: i < 7 })),
      ...on('2026-06-25', 3, (at, i) => ev(S(), at, REPAIR, { backend: 'EMBEDDED', success: i < 2 })),
      ...on('2026-06-16', 10, (at, i) => ev(S(), at, GEN, { success: i < 9 })),
      ev(S(), '2026-06-30', REPAIR),
    ],
  },
  cases: [
    // STATIC 9 + EMBEDDED 7 = 16 of 20 = 0.8 (≥ 0.765: at risk). Previous 9/10.
    { name: 'value, change, target', window: W, snapshot: { value: 0.8, previousValue: 0.9, change: -10, status: 'AT_RISK', attainment: 0.8 / 0.85 } },
    // STATIC 9/10; EMBEDDED 7/10 < 0.765.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { STATIC: [0.9, 'MET'], EMBEDDED: [0.7, 'MISSED'] } } },
    { name: 'repairs without generations: no data', window: win('2026-06-29', '2026-07-06'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
