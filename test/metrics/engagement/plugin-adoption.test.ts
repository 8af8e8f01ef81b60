/** plugin_adoption: of the active sessions, those whose latest pluginCount before `to` is at least 1. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const [k1, k2, k3, k4, k5, k6, k7] = [S(), S(), S(), S(), S(), S(), S()];

testMetric('plugin_adoption', {
  records: {
    // Window [02-16, 02-23), active: k1 2 plugins; k2 0 since 02-10 (not resent); k3 none then 1; k4
    // sends none; k5 0. k6 (3 plugins) only generates: not active. Previous [02-09, 02-16): active k2 (0),
    // k7 (5). Week [02-23, 03-02): only k4 is active.
    events: [
      ev(k1, '2026-02-17', EXEC, { pluginCount: 2 }),
      ev(k2, '2026-02-10', EXEC, { pluginCount: 0 }), ev(k2, '2026-02-17', EXEC),
      ev(k3, '2026-02-17', EXEC), ev(k3, '2026-02-18', EXEC, { pluginCount: 1 }),
      ev(k4, '2026-02-19', EXEC),
      ev(k5, '2026-02-19', EXEC, { pluginCount: 0 }),
      ev(k6, '2026-02-19', 'COMMAND_GENERATED', { pluginCount: 3 }),
      ev(k7, '2026-02-11', EXEC, { pluginCount: 5 }),
      ev(k4, '2026-02-24', EXEC),
    ],
  },
  cases: [
    // Latest pluginCount ≥ 1: k1 (2), k3 (1); k2 k5 0, k4 none: 2/5 ≥ 0.3. Previous k7 (5) of 2: −10 points.
    { name: 'value, change in points, target', window: win('2026-02-16', '2026-02-23'), snapshot: { value: 0.4, previousValue: 0.5, change: -10, status: 'MET', attainment: 0.4 / 0.3 } },
    { name: 'no session with plugins: 0', window: win('2026-02-23', '2026-03-02'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
