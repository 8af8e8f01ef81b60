/** safety_override_rate: SAFETY_OVERRIDE over VALIDATION_BLOCKED (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const BLOCKED = 'VALIDATION_BLOCKED';
const OVERRIDE = 'SAFETY_OVERRIDE';
const W = win('2026-02-02', '2026-02-09');

testMetric('safety_override_rate', {
  records: {
    // Window [02-02, 02-09): BLOCKED CRITICAL 4, HIGH 6; OVERRIDE HIGH 1. Previous [01-26, 02-02): BLOCKED
    // LOW 4, OVERRIDE LOW 2. Week [02-09, 02-16): one OVERRIDE, no block.
    events: [
      ...on('2026-02-02', 4, (at) => ev(S(), at, BLOCKED, { validationSeverity: 'CRITICAL' })),
      ...on('2026-02-03', 6, (at) => ev(S(), at, BLOCKED, { validationSeverity: 'HIGH' })),
      ev(S(), '2026-02-04', OVERRIDE, { validationSeverity: 'HIGH' }),
      ...on('2026-01-27', 4, (at) => ev(S(), at, BLOCKED, { validationSeverity: 'LOW' })),
      ...on('2026-01-28', 2, (at) => ev(S(), at, OVERRIDE, { validationSeverity: 'LOW' })),
      ev(S(), '2026-02-10', OVERRIDE, { validationSeverity: 'LOW' }),
    ],
  },
  cases: [
    // 1 OVERRIDE / 10 BLOCKED = 0.1 ≤ 0.1: met, attainment 1. Previous 2/4: −40 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 0.1, previousValue: 0.5, change: -40, status: 'MET', attainment: 1 } },
    // CRITICAL 0/4; HIGH 1/6 ≈ 0.167 > 0.11.
    { name: 'by severity', window: W, segments: { by: 'validationSeverity', expected: { CRITICAL: [0, 'MET'], HIGH: [1 / 6, 'MISSED'] } } },
    { name: 'overrides without blocks: zero denominator, no data', window: win('2026-02-09', '2026-02-16'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
