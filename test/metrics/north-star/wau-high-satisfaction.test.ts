/** wau_high_satisfaction: sessions with a COMMAND_EXECUTED in the window whose latest CSAT before `to` is 4 or 5. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, surveyAnswer, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const [h1, h2, h3, h4, h5, h6, h7, h8] = [S(), S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-02-09', '2026-02-16');

testMetric('wau_high_satisfaction', {
  records: {
    // Window [02-09, 02-16): EXEC by h1 (CSAT 5 on 02-01), h2 (macos, CSAT 4 on 02-12), h3 (CSAT 5 then 2),
    // h4 (CSAT 3 then 4), h5 (no CSAT), h6 (NPS 10 only), h8 (CSAT 5 at `to`); h7 answers CSAT 5 but
    // sends no telemetry. Previous [02-02, 02-09): h1, h3 (CSAT 5 on 02-03), h4 (CSAT 3).
    events: [
      ev(h1, '2026-02-10', EXEC), ev(h2, '2026-02-11', EXEC, { platform: 'macos-aarch64' }), ev(h3, '2026-02-12', EXEC), ev(h4, '2026-02-13', EXEC),
      ev(h5, '2026-02-13', EXEC), ev(h6, '2026-02-14', EXEC), ev(h8, '2026-02-14', EXEC),
      ev(h1, '2026-02-03', EXEC), ev(h3, '2026-02-04', EXEC), ev(h4, '2026-02-05T12:00:00Z', EXEC),
    ],
    surveys: [
      surveyAnswer(h1, '2026-02-01', 'CSAT', 5), surveyAnswer(h2, '2026-02-12', 'CSAT', 4),
      surveyAnswer(h3, '2026-02-03', 'CSAT', 5), surveyAnswer(h3, '2026-02-13', 'CSAT', 2),
      surveyAnswer(h4, '2026-02-05', 'CSAT', 3), surveyAnswer(h4, '2026-02-14', 'CSAT', 4),
      surveyAnswer(h6, '2026-02-10', 'NPS', 10), surveyAnswer(h7, '2026-02-10', 'CSAT', 5),
      surveyAnswer(h8, '2026-02-16', 'CSAT', 5),
    ],
  },
  cases: [
    // h1 (latest CSAT 5), h2 (4), h4 (3 then 4) = 3. Not: h3 (latest 2), h5 (none), h6 (NPS only), h8
    // (its CSAT is at `to`), h7 (no telemetry). Previous at 02-09: h1 (5), h3 (5 on 02-03); h4's latest is 3.
    // +50%; target 500 from 2026-01-31: missed, attainment 3/500.
    {
      name: 'value, change, scheduled target',
      window: W,
      snapshot: { value: 3, previousValue: 2, change: 50, changeUnit: 'PERCENT', target: { kind: 'AT_LEAST', min: 500, max: null }, status: 'MISSED', attainment: 3 / 500 },
    },
    { name: 'by platform: linux h1 h4, macos h2', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [2, 'MISSED'], 'macos-aarch64': [1, 'MISSED'] } } },
    // The schedule starts on 2026-01-31: a window ending on it has no target yet (and nobody executed in it).
    { name: 'before the first step: no target', window: win('2026-01-24', '2026-01-31'), snapshot: { value: 0, target: null, status: 'NO_TARGET' } },
    // The 2 000 step from 2026-03-31 holds for a window ending after it (nobody executed in it).
    { name: 'the second step', window: win('2026-03-25', '2026-04-01'), snapshot: { value: 0, target: { kind: 'AT_LEAST', min: 2000, max: null }, status: 'MISSED' } },
  ],
});
