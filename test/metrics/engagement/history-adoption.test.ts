/** history_adoption: of the active sessions, those whose latest historyEnabled before `to` is true. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const [k1, k2, k3, k4, k5, k6, k7] = [S(), S(), S(), S(), S(), S(), S()];

testMetric('history_adoption', {
  records: {
    // Window [02-16, 02-23), active: k1 history on; k2 on since 02-10 (not resent); k3 on then off; k4
    // sends none; k5 on, and off at 02-23 00:00 (= `to`). k6 (on) only generates: not active.
    // Previous [02-09, 02-16): active k2 (on), k7 (off). Week [02-23, 03-02): only k4 is active.
    events: [
      ev(k1, '2026-02-17', EXEC, { historyEnabled: true }),
      ev(k2, '2026-02-10', EXEC, { historyEnabled: true }), ev(k2, '2026-02-17', EXEC),
      ev(k3, '2026-02-17', EXEC, { historyEnabled: true }), ev(k3, '2026-02-18', EXEC, { historyEnabled: false }),
      ev(k4, '2026-02-19', EXEC),
      ev(k5, '2026-02-19', EXEC, { historyEnabled: true }), ev(k5, '2026-02-23', 'COMMAND_GENERATED', { historyEnabled: false }),
      ev(k6, '2026-02-19', 'COMMAND_GENERATED', { historyEnabled: true }),
      ev(k7, '2026-02-11', EXEC, { historyEnabled: false }),
      ev(k4, '2026-02-24', EXEC),
    ],
  },
  cases: [
    // Active k1 k2 k3 k4 k5 = 5; latest historyEnabled before `to` true: k1, k2 (carried from 02-10),
    // k5 (its false is at `to`); k3's latest is false. 3/5 ≥ 0.4. Previous: k2 of k2 k7 = 0.5; +10 points.
    { name: 'value, change in points, target', window: win('2026-02-16', '2026-02-23'), snapshot: { value: 0.6, previousValue: 0.5, change: 10, changeUnit: 'POINTS', status: 'MET', attainment: 1.5, sampleSize: 5 } },
    // Only k4 is active, without history: 0/1 = 0, not no data.
    { name: 'no active session with history: 0', window: win('2026-02-23', '2026-03-02'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no active session: zero denominator, no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
