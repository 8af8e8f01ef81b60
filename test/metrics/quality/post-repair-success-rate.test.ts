/** post_repair_success_rate: (successful COMMAND_GENERATED + successful AGENT_LOOP_REPAIR) over COMMAND_GENERATED. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const REPAIR = 'AGENT_LOOP_REPAIR';
const W = win('2026-06-22', '2026-06-29');

testMetric('post_repair_success_rate', {
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
    // (16 + 3 successful repairs) / 20 = 0.95 (met exactly). Previous 9/10: +5 points.
    { name: 'value, change, target', window: W, snapshot: { value: 0.95, previousValue: 0.9, change: 5, status: 'MET', attainment: 1 } },
    // STATIC (9 + 1) / 10; EMBEDDED (7 + 2) / 10 = 0.9, within 10% of 0.95.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { STATIC: [1, 'MET'], EMBEDDED: [0.9, 'AT_RISK'] } } },
    { name: 'repairs without generations: no data', window: win('2026-06-29', '2026-07-06'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
