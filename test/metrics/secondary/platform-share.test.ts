/** platform_share: each platform's share of the active sessions; no headline value. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const EXEC = 'COMMAND_EXECUTED';
const MAC = 'macos-aarch64';
const l1 = S();
const W = win('2026-02-02', '2026-02-09');

testMetric('platform_share', {
  records: {
    // Window [02-02, 02-09): active linux ×3 (l1 twice), macos ×1; a macos session only generates.
    // Previous: active linux ×1.
    events: [
      ev(l1, '2026-02-02', EXEC), ev(l1, '2026-02-03', EXEC), ev(S(), '2026-02-03', EXEC), ev(S(), '2026-02-04', EXEC),
      ev(S(), '2026-02-05', EXEC, { platform: MAC }), ev(S(), '2026-02-06', 'COMMAND_GENERATED', { platform: MAC }),
      ev(S(), '2026-01-28', EXEC),
    ],
  },
  cases: [
    // The description says: no headline value, read it by platform.
    { name: 'no headline value', window: W, snapshot: { value: null, sampleSize: 4 } },
    // 4 active sessions: linux 3/4, macos 1/4 (the macos session that only generates is not active).
    { name: 'by platform', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [0.75, 'NO_TARGET'], [MAC]: [0.25, 'NO_TARGET'] } } },
    { name: 'no active session: no segments', window: win('2025-06-02', '2025-06-09'), segments: { by: 'platform', expected: {} } },
  ],
});
