/** total_users: sessions first seen before `to` (a change target, in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, surveyAnswer, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [t0, t1, t2, t3, t4, t5, s0] = [S(), S(), S(), S(), S(), S(), S()];
const W = win('2026-01-12', '2026-01-19');

testMetric('total_users', {
  records: {
    events: [
      // First seen: t0 2025-12-20 (ORGANIC), t1 01-06 (HN), t2 01-08 (macos, GITHUB), t3 01-13 (HN),
      // t4 01-15, t5 01-19. s0 only answers surveys.
      ev(t0, '2025-12-20', EXEC, { acquisitionSource: 'ORGANIC' }),
      ev(t1, '2026-01-06', 'INSTALLED', { acquisitionSource: 'HN' }), ev(t1, '2026-01-06T01:00:00Z', EXEC),
      ev(t2, '2026-01-08', 'INSTALLED', { ...MAC, acquisitionSource: 'GITHUB' }), ev(t2, '2026-01-08T01:00:00Z', EXEC, MAC),
      ev(t3, '2026-01-13', EXEC, { acquisitionSource: 'HN' }),
      ev(t4, '2026-01-15', 'COMMAND_GENERATED'), ev(t4, '2026-01-21', EXEC),
      ev(t5, '2026-01-19', 'COMMAND_GENERATED'),
    ],
    surveys: [surveyAnswer(s0, '2026-01-14', 'CSAT', 5), surveyAnswer(s0, '2026-01-14T01:00:00Z', 'NPS', 10)],
  },
  cases: [
    // At 01-19: t0 t1 t2 t3 t4 = 5 (s0 is no user, t5 arrives at `to`); at 01-12: t0 t1 t2 = 3.
    // Change (5 − 3) / 3 = +66.7% ≥ +10% a week: met, attainment 66.7 / 10.
    {
      name: 'value, change in percent, changeAtLeast target',
      window: W,
      snapshot: { value: 5, previousValue: 3, change: 200 / 3, changeUnit: 'PERCENT', target: { kind: 'CHANGE_AT_LEAST', min: 10, max: null }, status: 'MET', attainment: 20 / 3 },
    },
    // A change target is not judged per segment. linux t0 t1 t3 t4, macos t2.
    { name: 'by platform', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [4, 'NO_TARGET'], 'macos-aarch64': [1, 'NO_TARGET'] } } },
    // From each session's earliest event that carries one: ORGANIC t0, HN t1 t3, GITHUB t2 (t4 sent none).
    { name: 'by acquisition source', window: W, segments: { by: 'acquisitionSource', expected: { ORGANIC: [1, 'NO_TARGET'], HN: [2, 'NO_TARGET'], GITHUB: [1, 'NO_TARGET'] } } },
    // s0 answered CSAT 5 and NPS 10 in W and sent no telemetry: t0 … t4 only.
    { name: 'sessions that appear only in surveys are no users', window: W, snapshot: { value: 5 } },
    // 6 at 02-02 and 6 at 01-26: 0% < 9% (10% − 10% of it): missed.
    { name: 'no growth: target missed', window: win('2026-01-26', '2026-02-02'), snapshot: { value: 6, previousValue: 6, change: 0, status: 'MISSED', attainment: 0 } },
    // 0 users and 0 before: the change has no value, so neither does the judgement.
    { name: 'no data: 0 users, change and status without value', window: win('2025-06-02', '2025-06-09'), snapshot: { value: 0, previousValue: 0, change: null, status: 'NO_DATA' } },
  ],
});
