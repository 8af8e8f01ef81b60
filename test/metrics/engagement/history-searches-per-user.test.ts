/** history_searches_per_user: HISTORY_SEARCHED per active session whose latest historyEnabled is true (a count: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const SEARCH = 'HISTORY_SEARCHED';
const [k1, k2, k3, k4, k5, k6, k7] = [S(), S(), S(), S(), S(), S(), S()];

testMetric('history_searches_per_user', {
  records: {
    // Window [02-16, 02-23), active: k1 history on, 3 searches; k2 on since 02-10 (not resent), 1 search;
    // k3 on then off; k4 sends neither; k5 on, 2 searches, and off at 02-23 00:00 (= `to`). k6 (on) only
    // generates: not active. Previous [02-09, 02-16): active k2 (on, 1 search), k7 (off).
    // Week [02-23, 03-02): only k4 is active, and searches once.
    events: [
      ev(k1, '2026-02-17', EXEC, { historyEnabled: true }), ...on('2026-02-18', 3, (at) => ev(k1, at, SEARCH)),
      ev(k2, '2026-02-10', EXEC, { historyEnabled: true }), ev(k2, '2026-02-11', SEARCH),
      ev(k2, '2026-02-17', EXEC), ev(k2, '2026-02-18T05:00:00Z', SEARCH),
      ev(k3, '2026-02-17', EXEC, { historyEnabled: true }), ev(k3, '2026-02-18', EXEC, { historyEnabled: false }),
      ev(k4, '2026-02-19', EXEC),
      ev(k5, '2026-02-19', EXEC, { historyEnabled: true }), ...on('2026-02-20', 2, (at) => ev(k5, at, SEARCH)),
      ev(k5, '2026-02-23', 'COMMAND_GENERATED', { historyEnabled: false }),
      ev(k6, '2026-02-19', 'COMMAND_GENERATED', { historyEnabled: true }),
      ev(k7, '2026-02-11', EXEC, { historyEnabled: false }),
      ev(k4, '2026-02-24', EXEC), ev(k4, '2026-02-25', SEARCH),
    ],
  },
  cases: [
    // 6 searches (k1 3, k2 1, k5 2) / 3 active sessions with history (k1 k2 k5) = 2. Previous 1 / 1 (k2): +100%.
    { name: 'value, change in percent, no target', window: win('2026-02-16', '2026-02-23'), snapshot: { value: 2, previousValue: 1, change: 100, changeUnit: 'PERCENT', status: 'NO_TARGET' } },
    // k4 searches once but no active session has history: zero denominator.
    { name: 'no active session with history: no data', window: win('2026-02-23', '2026-03-02'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
