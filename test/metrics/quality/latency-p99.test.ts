/** latency_p99: the 99th percentile of latencyMs over COMMAND_GENERATED (milliseconds: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-03-02', '2026-03-09');

testMetric('latency_p99', {
  records: {
    // Window [03-02, 03-09), GEN: STATIC 40 60 80 120, EMBEDDED 200 400 600 2 000; an EXEC of 5 000 does not
    // count. Previous [02-23, 03-02): GEN 100 300.
    events: [
      ...[40, 60, 80, 120].map((latencyMs, i) => ev(S(), `2026-03-02T0${i}:00:00Z`, GEN, { latencyMs })),
      ...[200, 400, 600, 2000].map((latencyMs, i) => ev(S(), `2026-03-03T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', latencyMs })),
      ev(S(), '2026-03-04', 'COMMAND_EXECUTED', { latencyMs: 5000 }),
      ev(S(), '2026-02-24', GEN, { latencyMs: 100 }), ev(S(), '2026-02-25', GEN, { latencyMs: 300 }),
    ],
  },
  cases: [
    // Rank 0.99 × 7 = 6.93 → 600 + 0.93 × 1 400 = 1 902. Previous 100 + 0.99 × 200 = 298.
    { name: 'value, change in percent, no overall target', window: W, snapshot: { value: 1902, previousValue: 298, change: ((1902 - 298) / 298) * 100, status: 'NO_TARGET' } },
    // EMBEDDED rank 2.97 → 600 + 0.97 × 1 400 = 1 958 > 1 100: missed. STATIC 80 + 0.97 × 40 = 118.8.
    { name: 'by backend: the EMBEDDED target', window: W, segments: { by: 'backend', expected: { STATIC: [118.8, 'NO_TARGET'], EMBEDDED: [1958, 'MISSED'] } } },
    { name: 'no generation: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
