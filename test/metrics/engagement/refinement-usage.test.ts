/** refinement_usage: of the COMPLEX COMMAND_GENERATED, those with at least one refinement. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';

testMetric('refinement_usage', {
  records: {
    // Window [03-09, 03-16): COMPLEX GEN with 0, 1, 3 and no refinement count; a SIMPLE GEN; a COMPLEX EXEC
    // with 10 refinements is no generation. Previous [03-02, 03-09): COMPLEX GEN with 0.
    // Week [03-16, 03-23): 2 GEN without complexity.
    events: [
      ...[0, 1, 3, undefined].map((refinementCount, i) => ev(S(), `2026-03-11T0${i}:00:00Z`, GEN, { queryComplexity: 'COMPLEX', refinementCount })),
      ev(S(), '2026-03-12', GEN, { queryComplexity: 'SIMPLE' }),
      ev(S(), '2026-03-13', 'COMMAND_EXECUTED', { queryComplexity: 'COMPLEX', refinementCount: 10 }),
      ev(S(), '2026-03-04', GEN, { queryComplexity: 'COMPLEX', refinementCount: 0 }),
      ...on('2026-03-17', 2, (at) => ev(S(), at, GEN)),
    ],
  },
  cases: [
    // COMPLEX GEN with ≥ 1 refinement: 2 (1, 3) of 4 = 0.5 ≥ 0.2. Previous 0/1: +50 points.
    { name: 'value, change in points, target', window: win('2026-03-09', '2026-03-16'), snapshot: { value: 0.5, previousValue: 0, change: 50, status: 'MET', attainment: 2.5 } },
    { name: 'no COMPLEX generation: zero denominator, no data', window: win('2026-03-16', '2026-03-23'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
