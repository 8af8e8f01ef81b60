/** wau: sessions with a COMMAND_EXECUTED in the window. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, surveyAnswer, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const [w1, w2, w3, w4, w5, w6, w7] = [S(), S(), S(), S(), S(), S(), S()];
const [t3, t4, s0] = [S(), S(), S()];
const W = win('2026-02-02', '2026-02-09');

testMetric('wau', {
  records: {
    events: [
      // Window [02-02, 02-09): EXEC by w1 (linux), w2 (linux, EMBEDDED), w3 (macos), w4 (linux, twice);
      // w5 only generates. Previous [01-26, 02-02): w1 and w7.
      ev(w1, '2026-02-03', EXEC), ev(w2, '2026-02-04', EXEC, { backend: 'EMBEDDED' }), ev(w3, '2026-02-05', EXEC, { platform: 'macos-aarch64' }),
      ev(w4, '2026-02-06', EXEC), ev(w4, '2026-02-07', EXEC), ev(w5, '2026-02-06', 'COMMAND_GENERATED'),
      ev(w1, '2026-01-27', EXEC), ev(w7, '2026-01-28', EXEC),
      // Week [01-12, 01-19): t3 executes, t4 only generates; s0 only answers surveys.
      ev(t3, '2026-01-13', EXEC), ev(t4, '2026-01-15', 'COMMAND_GENERATED'),
    ],
    // w6 only answers a survey in the window.
    surveys: [
      surveyAnswer(w6, '2026-02-04', 'CSAT', 5),
      surveyAnswer(s0, '2026-01-14', 'CSAT', 5), surveyAnswer(s0, '2026-01-14T01:00:00Z', 'NPS', 10),
    ],
  },
  cases: [
    // w1, w2, w3, w4 (w5 never executes; w6 only answered a survey); previous w1, w7: +100%.
    { name: 'value, change in percent, no target', window: W, snapshot: { value: 4, previousValue: 2, change: 100, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 4 } },
    { name: 'by platform', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [3, 'NO_TARGET'], 'macos-aarch64': [1, 'NO_TARGET'] } } },
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { STATIC: [3, 'NO_TARGET'], EMBEDDED: [1, 'NO_TARGET'] } } },
    { name: 'a quiet week is 0 users, and a change from 0 has no value', window: win('2026-02-16', '2026-02-23'), snapshot: { value: 0, previousValue: 0, change: null } },
    // t3 alone (s0 answered CSAT 5 and NPS 10 in the week and sent no telemetry).
    { name: 'sessions that appear only in surveys are no users', window: win('2026-01-12', '2026-01-19'), snapshot: { value: 1 } },
  ],
});
