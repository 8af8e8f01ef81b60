/** support_response_satisfaction: the YES share of the SUPPORT_RESPONSE_TIME answers. */
import { testMetric } from '../../support/metric-tester.js';
import { session as S, surveyAnswer, win } from '../../support/records.js';

const answers = (day: string, list: string[]) =>
  list.map((answer, i) => surveyAnswer(S(), `${day}T0${i}:00:00Z`, 'SUPPORT_RESPONSE_TIME', null, { answer }));

testMetric('support_response_satisfaction', {
  // Window [09-07, 09-14): YES ×3, NO. Previous: YES, NO.
  records: { surveys: [...answers('2026-09-08', ['YES', 'YES', 'YES', 'NO']), ...answers('2026-09-01', ['YES', 'NO'])] },
  cases: [
    // 3/4 = 0.75, within 10% of ≥ 0.8: at risk. Previous 1/2: +25 points.
    { name: 'value, change in points, target', window: win('2026-09-07', '2026-09-14'), snapshot: { value: 0.75, previousValue: 0.5, change: 25, status: 'AT_RISK', attainment: 0.75 / 0.8 } },
    { name: 'no answers: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
