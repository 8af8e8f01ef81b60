/** refinements_per_complex_query: the mean refinement count of the COMPLEX COMMAND_GENERATED that carry one. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';

testMetric('refinements_per_complex_query', {
  records: {
    // Window [03-09, 03-16): COMPLEX GEN with 0, 1, 3 and no refinement count; a SIMPLE GEN with 5; a
    // COMPLEX EXEC with 10 refinements is no generation. Previous [03-02, 03-09): COMPLEX GEN with 0.
    // Week [03-16, 03-23): 2 GEN without complexity.
    events: [
      ...[0, 1, 3, undefined].map((refinementCount, i) => ev(S(), `2026-03-11T0${i}:00:00Z`, GEN, { queryComplexity: 'COMPLEX', refinementCount })),
      ev(S(), '2026-03-12', GEN, { queryComplexity: 'SIMPLE', refinementCount: 5 }),
      ev(S(), '2026-03-13', 'COMMAND_EXECUTED', { queryComplexity: 'COMPLEX', refinementCount: 10 }),
      ev(S(), '2026-03-04', GEN, { queryComplexity: 'COMPLEX', refinementCount: 0 }),
      ...on('2026-03-17', 2, (at) => ev(S(), at, GEN)),
    ],
  },
  cases: [
    // Mean over the COMPLEX GEN that carry a count: (0 + 1 + 3) / 3. Previous 0: a change from 0 has no value.
    { name: 'value, change from 0, no target', window: win('2026-03-09', '2026-03-16'), snapshot: { value: 4 / 3, previousValue: 0, change: null, status: 'NO_TARGET', sampleSize: 3 } },
    { name: 'no COMPLEX generation: no data', window: win('2026-03-16', '2026-03-23'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
