/** feature_satisfaction: the YES share of the FEATURE answers (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { session as S, surveyAnswer, win } from '../../support/records.js';

const feature = (at: string, name: string, answer: string) => surveyAnswer(S(), at, 'FEATURE', null, { feature: name, answer });
const W = win('2026-08-03', '2026-08-10');

testMetric('feature_satisfaction', {
  records: {
    // Window [08-03, 08-10): SAFETY_VALIDATION YES YES NO, AGENT_LOOP_REPAIR YES NO, MLX_BACKEND NO.
    // Previous: SAFETY_VALIDATION YES.
    surveys: [
      feature('2026-08-03', 'SAFETY_VALIDATION', 'YES'), feature('2026-08-04', 'SAFETY_VALIDATION', 'YES'),
      feature('2026-08-05', 'SAFETY_VALIDATION', 'NO'), feature('2026-08-05', 'AGENT_LOOP_REPAIR', 'YES'),
      feature('2026-08-06', 'AGENT_LOOP_REPAIR', 'NO'), feature('2026-08-07', 'MLX_BACKEND', 'NO'),
      feature('2026-07-28', 'SAFETY_VALIDATION', 'YES'),
    ],
  },
  cases: [
    // YES 3 of 6 answered = 0.5. Previous 1/1: −50 points. No target.
    { name: 'value, change in points, no target', window: W, snapshot: { value: 0.5, previousValue: 1, change: -50, changeUnit: 'POINTS', status: 'NO_TARGET', sampleSize: 6 } },
    { name: 'by feature', window: W, segments: { by: 'feature', expected: { SAFETY_VALIDATION: [2 / 3, 'NO_TARGET'], AGENT_LOOP_REPAIR: [0.5, 'NO_TARGET'], MLX_BACKEND: [0, 'NO_TARGET'] } } },
    { name: 'no answers: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
