/** agent_loop_value: post_repair_success_rate − first_attempt_success_rate. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const REPAIR = 'AGENT_LOOP_REPAIR';
const W = win('2026-06-22', '2026-06-29');

testMetric('agent_loop_value', {
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
    // 0.95 − 0.8 = 0.15. Previous 9/10 both: the loop added 0; +15 points.
    { name: 'value, change, no target', window: W, snapshot: { value: 0.15, previousValue: 0, change: 15, changeUnit: 'POINTS', status: 'NO_TARGET' } },
    // STATIC 10/10 − 9/10; EMBEDDED 9/10 − 7/10.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { STATIC: [0.1, 'NO_TARGET'], EMBEDDED: [0.2, 'NO_TARGET'] } } },
    { name: 'repairs without generations: no data', window: win('2026-06-29', '2026-07-06'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
