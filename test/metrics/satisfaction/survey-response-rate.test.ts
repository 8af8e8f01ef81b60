/** survey_response_rate: of the sessions with 10 successful EXEC before `to`, those that answered a survey in the window. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, surveyAnswer, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const [g1, g2, g3, g4, g5, g6, g7] = [S(), S(), S(), S(), S(), S(), S()];

testMetric('survey_response_rate', {
  records: {
    // Sessions with 10 successful EXEC before `to` (11-09): g1 (10-20), g2 (12, 10-21), g4 (11-05 00:00
    // to 00:09), g6 (10-22); not g3 (9 successes, 3 failures) nor g5 (its 10 are at `to`).
    events: [
      ...on('2026-10-20', 10, (at) => ev(g1, at, EXEC)), ...on('2026-10-21', 12, (at) => ev(g2, at, EXEC)),
      ...on('2026-10-22', 12, (at, i) => ev(g3, at, EXEC, { success: i < 9 })), ...on('2026-11-05', 10, (at) => ev(g4, at, EXEC)),
      ...on('2026-11-09', 10, (at) => ev(g5, at, EXEC)), ...on('2026-10-22', 10, (at) => ev(g6, at, EXEC)),
    ],
    // In [11-02, 11-09): g1 twice, g3, g4, g5 and g7 (no telemetry); g6 at `to`. In [10-26, 11-02): g2.
    surveys: [
      surveyAnswer(g1, '2026-11-03', 'NPS', 9), surveyAnswer(g1, '2026-11-03T01:00:00Z', 'CSAT', 5),
      surveyAnswer(g3, '2026-11-04', 'CSAT', 4), surveyAnswer(g4, '2026-11-06', 'NPS', 10),
      surveyAnswer(g5, '2026-11-08', 'NPS', 7), surveyAnswer(g7, '2026-11-03', 'NPS', 3),
      surveyAnswer(g6, '2026-11-09', 'NPS', 8), surveyAnswer(g2, '2026-10-28', 'CSAT', 3),
    ],
  },
  cases: [
    // Of g1 g2 g4 g6, those who answered in the window: g1 (twice: one session), g4 = 2/4. g3 and g5 did
    // not reach 10 successes before `to`, g7 sent no telemetry, g6 answered at `to`.
    // Previous (at 11-02: g1 g2 g6): g2 = 1/3; change (0.5 − 1/3) × 100 points.
    { name: 'value, change in points, no target', window: win('2026-11-02', '2026-11-09'), snapshot: { value: 0.5, previousValue: 1 / 3, change: 50 / 3, changeUnit: 'POINTS', status: 'NO_TARGET', sampleSize: 4 } },
    { name: 'nobody reached 10 successes: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
    // A window ending on the day g4 reaches its 10th success (11-05 00:09): at 00:05 g4 has 6 (g1 g2 g6,
    // g1 answered: 1/3); at 00:10 it has reached it (1/4). Its day alone does not tell; its events do.
    { name: 'ending just before a session reaches the mark', window: win('2026-10-29', '2026-11-05T00:05:00Z'), snapshot: { value: 1 / 3, sampleSize: 3 } },
    { name: 'ending just after a session reaches the mark', window: win('2026-10-29', '2026-11-05T00:10:00Z'), snapshot: { value: 1 / 4, sampleSize: 4 } },
  ],
});
