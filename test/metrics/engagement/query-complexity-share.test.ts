/** query_complexity_share: each complexity's share of the COMMAND_GENERATED that carry one; headline COMPLEX. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-03-09', '2026-03-16');

testMetric('query_complexity_share', {
  records: {
    // Window [03-09, 03-16), GEN: SIMPLE 4, MEDIUM 2, COMPLEX 4, 2 without complexity; a COMPLEX EXEC is
    // no generation. Previous [03-02, 03-09): SIMPLE 3, COMPLEX 1. Week [03-16, 03-23): 2 GEN without complexity.
    events: [
      ...on('2026-03-09', 4, (at) => ev(S(), at, GEN, { queryComplexity: 'SIMPLE' })),
      ...on('2026-03-10', 2, (at) => ev(S(), at, GEN, { queryComplexity: 'MEDIUM' })),
      ...on('2026-03-11', 4, (at) => ev(S(), at, GEN, { queryComplexity: 'COMPLEX' })),
      ...on('2026-03-12', 2, (at) => ev(S(), at, GEN)),
      ev(S(), '2026-03-13', 'COMMAND_EXECUTED', { queryComplexity: 'COMPLEX' }),
      ...on('2026-03-03', 3, (at) => ev(S(), at, GEN, { queryComplexity: 'SIMPLE' })),
      ev(S(), '2026-03-04', GEN, { queryComplexity: 'COMPLEX' }),
      ...on('2026-03-17', 2, (at) => ev(S(), at, GEN)),
    ],
  },
  cases: [
    // Of the 10 GEN that carry a complexity: COMPLEX 4 = 0.4 (headline). Previous 1/4: +15 points.
    { name: 'headline COMPLEX share, change in points, no target', window: W, snapshot: { value: 0.4, previousValue: 0.25, change: 15, status: 'NO_TARGET', sampleSize: 10 } },
    // SIMPLE 4/10, MEDIUM 2/10, COMPLEX 4/10.
    { name: 'by complexity', window: W, segments: { by: 'queryComplexity', expected: { SIMPLE: [0.4, 'NO_TARGET'], MEDIUM: [0.2, 'NO_TARGET'], COMPLEX: [0.4, 'NO_TARGET'] } } },
    { name: 'generations without complexity: no data', window: win('2026-03-16', '2026-03-23'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
