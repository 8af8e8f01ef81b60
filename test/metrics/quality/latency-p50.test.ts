/** latency_p50: the 50th percentile of latencyMs over COMMAND_GENERATED (milliseconds: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-03-02', '2026-03-09');

testMetric('latency_p50', {
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
    // [40 60 80 120 200 400 600 2000]: rank 0.5 × 7 = 3.5 → 120 + 0.5 × 80 = 160. Previous [100 300]: 200;
    // −20%. The 100 ms target is for STATIC only.
    { name: 'value, change in percent, no overall target', window: W, snapshot: { value: 160, previousValue: 200, change: -20, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 8 } },
    // STATIC rank 1.5 → 60 + 0.5 × 20 = 70 ≤ 100; EMBEDDED 400 + 0.5 × 200 = 500.
    { name: 'by backend: the STATIC target', window: W, segments: { by: 'backend', expected: { STATIC: [70, 'MET'], EMBEDDED: [500, 'NO_TARGET'] } } },
    { name: 'no generation: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
