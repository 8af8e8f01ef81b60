/** latency_p95: the 95th percentile of latencyMs over COMMAND_GENERATED (milliseconds: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-05-11', '2026-05-18');

testMetric('latency_p95', {
  records: {
    // Window [05-11, 05-18), GEN: EMBEDDED 100 200 300 400 550, STATIC 50 60; an EXEC of 9 999 does not
    // count. Previous [05-04, 05-11): 100 200 300.
    events: [
      ...[100, 200, 300, 400, 550].map((latencyMs, i) => ev(S(), `2026-05-12T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', latencyMs })),
      ...[50, 60].map((latencyMs, i) => ev(S(), `2026-05-13T0${i}:00:00Z`, GEN, { latencyMs })),
      ev(S(), '2026-05-14', 'COMMAND_EXECUTED', { latencyMs: 9999 }),
      ...[100, 200, 300].map((latencyMs, i) => ev(S(), `2026-05-05T0${i}:00:00Z`, GEN, { latencyMs })),
    ],
  },
  cases: [
    // All 7 GEN [50 60 100 200 300 400 550]: rank 0.95 × 6 = 5.7 → 400 + 0.7 × 150 = 505. Previous
    // [100 200 300]: 1.9 → 290. Change (505 − 290) / 290. No target for the whole metric (EMBEDDED only).
    { name: 'value, change in percent, no overall target', window: W, snapshot: { value: 505, previousValue: 290, change: (215 / 290) * 100, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 7 } },
    // EMBEDDED [100 … 550]: 0.95 × 4 = 3.8 → 400 + 0.8 × 150 = 520, within 10% of ≤ 500. STATIC: 50 + 0.95 × 10.
    { name: 'by backend: the EMBEDDED target', window: W, segments: { by: 'backend', expected: { EMBEDDED: [520, 'AT_RISK'], STATIC: [59.5, 'NO_TARGET'] } } },
  ],
});
