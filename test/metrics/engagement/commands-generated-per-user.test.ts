/** commands_generated_per_user: COMMAND_GENERATED per active session (with an EXEC), per 7 days (a count: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const NOVICE = { persona: 'NOVICE' };
const EXPERT = { persona: 'EXPERT' };
const [c1, c2, c3, c4, c5] = [S(), S(), S(), S(), S()];
const W = win('2026-01-12', '2026-01-19');

testMetric('commands_generated_per_user', {
  records: {
    // Window [01-12, 01-19): c1 (NOVICE) 12 GEN 8 EXEC, c2 (NOVICE) 6 GEN 4 EXEC, c3 (EXPERT) 9 GEN 3 EXEC,
    // c4 (EXPERT) 3 GEN and no EXEC. Previous [01-05, 01-12): c1 10 GEN 5 EXEC, c5 (EXPERT) 2 GEN 1 EXEC.
    // Week [01-19, 01-26): c4 generates only.
    events: [
      ...on('2026-01-12', 12, (at) => ev(c1, at, GEN, NOVICE)), ...on('2026-01-13', 8, (at) => ev(c1, at, EXEC, NOVICE)),
      ...on('2026-01-14', 6, (at) => ev(c2, at, GEN, NOVICE)), ...on('2026-01-15', 4, (at) => ev(c2, at, EXEC, NOVICE)),
      ...on('2026-01-16', 9, (at) => ev(c3, at, GEN, EXPERT)), ...on('2026-01-17', 3, (at) => ev(c3, at, EXEC, EXPERT)),
      ...on('2026-01-18', 3, (at) => ev(c4, at, GEN, EXPERT)),
      ...on('2026-01-06', 10, (at) => ev(c1, at, GEN, NOVICE)), ...on('2026-01-07', 5, (at) => ev(c1, at, EXEC, NOVICE)),
      ...on('2026-01-08', 2, (at) => ev(c5, at, GEN, EXPERT)), ev(c5, '2026-01-09', EXEC, EXPERT),
      ...on('2026-01-20', 2, (at) => ev(c4, at, GEN, EXPERT)),
    ],
  },
  cases: [
    // 30 GEN / 3 active (c1 c2 c3; c4 never executes) = 10 ≥ 10: met, attainment 1.
    // Previous 12 GEN / 2 active (c1 c5) = 6: +66.7%.
    { name: 'value, change in percent, target', window: W, snapshot: { value: 10, previousValue: 6, change: 200 / 3, changeUnit: 'PERCENT', status: 'MET', attainment: 1, sampleSize: 3 } },
    // NOVICE 18 GEN / 2 = 9 (at risk: ≥ 10 − 1); EXPERT 12 GEN (c3 9, c4 3) / 1 (c3) = 12.
    { name: 'by persona', window: W, segments: { by: 'persona', expected: { NOVICE: [9, 'AT_RISK'], EXPERT: [12, 'MET'] } } },
    // Per 7 days: [01-05, 01-19) has 42 GEN / 4 active (c1 c2 c3 c5) = 10.5 over 14 days → 5.25 a week.
    { name: 'normalised to 7 days over a 14-day window', window: win('2026-01-05', '2026-01-19'), snapshot: { value: 5.25, status: 'MISSED' } },
    { name: 'generations without active sessions: zero denominator, no data', window: win('2026-01-19', '2026-01-26'), snapshot: { value: null, status: 'NO_DATA' } },
    { name: 'no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, previousValue: null, change: null, status: 'NO_DATA' } },
  ],
});
