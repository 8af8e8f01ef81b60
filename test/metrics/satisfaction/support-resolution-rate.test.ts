/** support_resolution_rate: the YES share of the SUPPORT_RESOLUTION answers, by answer. */
import { testMetric } from '../../support/metric-tester.js';
import { session as S, surveyAnswer, win } from '../../support/records.js';

const answers = (day: string, list: string[]) =>
  list.map((answer, i) => surveyAnswer(S(), `${day}T0${i}:00:00Z`, 'SUPPORT_RESOLUTION', null, { answer }));
const W = win('2026-10-05', '2026-10-12');

testMetric('support_resolution_rate', {
  records: {
    // Window [10-05, 10-12): YES ×6, NO, PARTIALLY ×3. Previous: YES, NO. Week [10-12, 10-19): NO ×2.
    surveys: [
      ...answers('2026-10-06', ['YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'NO', 'PARTIALLY', 'PARTIALLY', 'PARTIALLY']),
      ...answers('2026-09-29', ['YES', 'NO']),
      ...answers('2026-10-13', ['NO', 'NO']),
    ],
  },
  cases: [
    // YES 6/10 = 0.6 < 0.63: missed, attainment 0.6 / 0.7. Previous 1/2: +10 points.
    { name: 'headline YES share, change in points, target', window: W, snapshot: { value: 0.6, previousValue: 0.5, change: 10, status: 'MISSED', attainment: 0.6 / 0.7 } },
    // NO 0.1 (< 10% by the catalogue; the plugin's bound is ≤ 0.1). PARTIALLY has no target in
    // METRICS.md §4 ("YES ≥ 70%, NO < 10%"): it must not be judged against YES's 70%.
    { name: 'by answer: NO beside YES, PARTIALLY without target', window: W, segments: { by: 'answer', expected: { YES: [0.6, 'MISSED'], NO: [0.1, 'MET'], PARTIALLY: [0.3, 'NO_TARGET'] } } },
    // Only NO answers: the YES share is 0, not no data.
    { name: 'no YES at all: 0', window: win('2026-10-12', '2026-10-19'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no answers: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
