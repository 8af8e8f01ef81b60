/** mau: sessions with a COMMAND_EXECUTED in the 30 days ending at `to`. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [t0, t1, t2, t3, t4, t5] = [S(), S(), S(), S(), S(), S()];
const W = win('2026-01-19', '2026-01-26');

testMetric('mau', {
  records: {
    // EXEC: t0 12-20 00:00, t1 01-06, t2 01-08 (macos), t3 01-13, t4 01-21 (it generated on 01-15), t5 01-20.
    events: [
      ev(t0, '2025-12-20', EXEC), ev(t1, '2026-01-06', EXEC), ev(t2, '2026-01-08', EXEC, MAC), ev(t3, '2026-01-13', EXEC),
      ev(t4, '2026-01-15', 'COMMAND_GENERATED'), ev(t4, '2026-01-21', EXEC), ev(t5, '2026-01-20', EXEC),
    ],
  },
  cases: [
    // Active in [12-27, 01-26): t1 t2 t3 t4 t5 = 5; in [12-20, 01-19): t0 (at 12-20 00:00, the first
    // instant) t1 t2 t3 = 4. +25%.
    { name: 'value over 30 days ending at `to`, change', window: W, snapshot: { value: 5, previousValue: 4, change: 25, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 5 } },
    { name: 'by platform: linux t1 t3 t4 t5, macos t2', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [4, 'NO_TARGET'], 'macos-aarch64': [1, 'NO_TARGET'] } } },
    { name: 'no data: 0', window: win('2025-06-02', '2025-06-09'), snapshot: { value: 0, change: null, status: 'NO_TARGET' } },
  ],
});
