/** csat: the mean CSAT score (a score: its change in points). */
import { testMetric } from '../../support/metric-tester.js';
import { session as S, surveyAnswer, win } from '../../support/records.js';

const csat = (at: string, score: number, persona?: string) => surveyAnswer(S(), at, 'CSAT', score, persona ? { persona } : {});
const JULY = win('2026-07-01', '2026-08-01');
const s0 = S();

testMetric('csat', {
  records: {
    surveys: [
      // July: DEVOPS 5 4 4, DEVELOPER 3 5 2 5. Previous 31 days [05-31, 07-01): 5 (06-03), 4 (06-20).
      csat('2026-07-02', 5, 'DEVOPS'), csat('2026-07-03', 4, 'DEVOPS'), csat('2026-07-04', 4, 'DEVOPS'),
      csat('2026-07-10', 3, 'DEVELOPER'), csat('2026-07-11', 5, 'DEVELOPER'), csat('2026-07-12', 2, 'DEVELOPER'), csat('2026-07-13', 5, 'DEVELOPER'),
      csat('2026-06-03', 5), csat('2026-06-20', 4),
      // Week [01-12, 01-19): s0, who sends no telemetry, answers CSAT 5 and NPS 10.
      surveyAnswer(s0, '2026-01-14', 'CSAT', 5), surveyAnswer(s0, '2026-01-14T01:00:00Z', 'NPS', 10),
    ],
  },
  cases: [
    // (5 + 4 + 4 + 3 + 5 + 2 + 5) / 7 = 4.0; target 4.2 from 07-01: within 10%, at risk, attainment 4 / 4.2.
    // Previous (5 + 4) / 2 = 4.5: −0.5 points (a score changes in points, not percent).
    {
      name: 'value, change in points, scheduled target',
      window: JULY,
      snapshot: { value: 4, previousValue: 4.5, change: -0.5, changeUnit: 'POINTS', target: { kind: 'AT_LEAST', min: 4.2, max: null }, status: 'AT_RISK', attainment: 4 / 4.2, sampleSize: 7 },
    },
    // DEVOPS 13/3 ≈ 4.33; DEVELOPER 15/4 = 3.75 < 3.78.
    { name: 'by persona', window: JULY, segments: { by: 'persona', expected: { DEVOPS: [13 / 3, 'MET'], DEVELOPER: [3.75, 'MISSED'] } } },
    { name: 'before the schedule: no target', window: win('2026-06-01', '2026-06-08'), snapshot: { value: 5, target: null, status: 'NO_TARGET' } },
    // The 4.5 step holds from 2027-01-01; a week after it has no answers yet.
    { name: 'the 2027 step, no answers: no data', window: win('2027-01-01', '2027-01-08'), snapshot: { value: null, target: { kind: 'AT_LEAST', min: 4.5, max: null }, status: 'NO_DATA' } },
    // Survey metrics count sessions that appear only in surveys: s0's 5 alone.
    { name: 'sessions that appear only in surveys count', window: win('2026-01-12', '2026-01-19'), snapshot: { value: 5 } },
  ],
});
