/** execution_rate: COMMAND_EXECUTED over COMMAND_GENERATED (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const [x1, x2, x3] = [S(), S(), S()];
const W = win('2026-01-12', '2026-01-19');

testMetric('execution_rate', {
  records: {
    // Previous [01-05, 01-12): 5 GEN, 3 EXEC. Window [01-12, 01-19): STATIC 4 GEN 4 EXEC, EMBEDDED 4 GEN
    // 2 EXEC, MLX 3 GEN 2 EXEC. Next week [01-19, 01-26): 2 EXEC and no GEN.
    events: [
      ...on('2026-01-06', 5, (at) => ev(x1, at, GEN)), ...on('2026-01-07', 3, (at) => ev(x1, at, EXEC)),
      ...on('2026-01-13', 4, (at) => ev(x1, at, GEN)), ...on('2026-01-14', 4, (at) => ev(x1, at, EXEC)),
      ...on('2026-01-15', 4, (at) => ev(x2, at, GEN, { backend: 'EMBEDDED' })), ...on('2026-01-16', 2, (at) => ev(x2, at, EXEC, { backend: 'EMBEDDED' })),
      ...on('2026-01-17', 3, (at) => ev(x3, at, GEN, { backend: 'MLX' })), ...on('2026-01-18', 2, (at) => ev(x3, at, EXEC, { backend: 'MLX' })),
      ...on('2026-01-20', 2, (at) => ev(x3, at, EXEC)),
    ],
  },
  cases: [
    // (4 + 2 + 2) / (4 + 4 + 3) = 8/11 ≈ 0.727 ≥ 0.7; previous 3/5 = 0.6; change (8/11 − 0.6) × 100 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 8 / 11, previousValue: 0.6, change: (8 / 11 - 0.6) * 100, changeUnit: 'POINTS', status: 'MET', attainment: 8 / 11 / 0.7 } },
    // STATIC 4/4; EMBEDDED 2/4 < 0.63; MLX 2/3 ≈ 0.667 within 10% of 0.7.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { STATIC: [1, 'MET'], EMBEDDED: [0.5, 'MISSED'], MLX: [2 / 3, 'AT_RISK'] } } },
    { name: 'executions without generations: zero denominator, no data', window: win('2026-01-19', '2026-01-26'), snapshot: { value: null, change: null, status: 'NO_DATA', attainment: null } },
    { name: 'no events at all: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, previousValue: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
