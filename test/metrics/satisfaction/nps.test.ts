/** nps: % promoters (9–10) − % detractors (0–6) of the NPS answers (a score: its change in points). */
import { testMetric } from '../../support/metric-tester.js';
import { session as S, surveyAnswer, win } from '../../support/records.js';

const W = win('2026-08-03', '2026-08-10');

testMetric('nps', {
  records: {
    // Window [08-03, 08-10): DEVOPS 10 9 6; DEVELOPER 9 8 7 3 10 9 0; a CSAT 5. Previous: 10 10 5 8.
    surveys: [
      ...[10, 9, 6].map((score, i) => surveyAnswer(S(), `2026-08-04T0${i}:00:00Z`, 'NPS', score, { persona: 'DEVOPS' })),
      ...[9, 8, 7, 3, 10, 9, 0].map((score, i) => surveyAnswer(S(), `2026-08-05T0${i}:00:00Z`, 'NPS', score, { persona: 'DEVELOPER' })),
      surveyAnswer(S(), '2026-08-06', 'CSAT', 5),
      ...[10, 10, 5, 8].map((score, i) => surveyAnswer(S(), `2026-07-28T0${i}:00:00Z`, 'NPS', score)),
    ],
  },
  cases: [
    // 10 answers: promoters 5 (10 9 9 10 9), detractors 3 (6 3 0): 50 − 30 = 20; target 40 from 07-01.
    // Previous 10 10 5 8: 50 − 25 = 25; change −5 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 20, previousValue: 25, change: -5, changeUnit: 'POINTS', status: 'MISSED', attainment: 0.5 } },
    // DEVOPS 10 9 6: 200/3 − 100/3; DEVELOPER 9 8 7 3 10 9 0: 300/7 − 200/7.
    { name: 'by persona', window: W, segments: { by: 'persona', expected: { DEVOPS: [100 / 3, 'MISSED'], DEVELOPER: [100 / 7, 'MISSED'] } } },
    { name: 'no answers: no data, not 0', window: win('2026-09-07', '2026-09-14'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
