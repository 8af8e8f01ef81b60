/** commands_executed_per_user: COMMAND_EXECUTED per active session, per 7 days (a count: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const NOVICE = { persona: 'NOVICE' };
const EXPERT = { persona: 'EXPERT' };
const [c1, c2, c3, c4, c5] = [S(), S(), S(), S(), S()];
const W = win('2026-01-12', '2026-01-19');

testMetric('commands_executed_per_user', {
  records: {
    // Window [01-12, 01-19): c1 (NOVICE) 8 EXEC, c2 (NOVICE) 4 EXEC, c3 (EXPERT) 3 EXEC, c4 (EXPERT) 3 GEN
    // and no EXEC. Previous [01-05, 01-12): c1 5 EXEC, c5 (EXPERT) 1 EXEC.
    events: [
      ...on('2026-01-13', 8, (at) => ev(c1, at, EXEC, NOVICE)), ...on('2026-01-15', 4, (at) => ev(c2, at, EXEC, NOVICE)),
      ...on('2026-01-17', 3, (at) => ev(c3, at, EXEC, EXPERT)), ...on('2026-01-18', 3, (at) => ev(c4, at, GEN, EXPERT)),
      ...on('2026-01-07', 5, (at) => ev(c1, at, EXEC, NOVICE)), ev(c5, '2026-01-09', EXEC, EXPERT),
    ],
  },
  cases: [
    // 15 EXEC / 3 = 5 < 6.3: missed, attainment 5/7. Previous 6 / 2 = 3: +66.7%.
    { name: 'value, change in percent, target', window: W, snapshot: { value: 5, previousValue: 3, change: 200 / 3, status: 'MISSED', attainment: 5 / 7 } },
    // NOVICE 12 / 2 = 6 < 6.3; EXPERT 3 / 1 (c4 is not active).
    { name: 'by persona', window: W, segments: { by: 'persona', expected: { NOVICE: [6, 'MISSED'], EXPERT: [3, 'MISSED'] } } },
    { name: 'no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
