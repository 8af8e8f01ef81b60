/** error_rate: COMMAND_FAILED over COMMAND_GENERATED (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const FAILED = 'COMMAND_FAILED';
const MAC = 'macos-aarch64';
const W = win('2026-04-06', '2026-04-13');

testMetric('error_rate', {
  records: {
    // Window [04-06, 04-13): GEN linux 50, macos 50; FAILED timeout (linux), parse_error (macos), timeout
    // (macos). Previous [03-30, 04-06): GEN 50, no failure. Week [04-13, 04-20): a FAILED only.
    events: [
      ...on('2026-04-06', 50, (at) => ev(S(), at, GEN)), ...on('2026-04-07', 50, (at) => ev(S(), at, GEN, { platform: MAC })),
      ev(S(), '2026-04-08', FAILED, { success: false, errorCategory: 'timeout' }),
      ev(S(), '2026-04-08T01:00:00Z', FAILED, { success: false, errorCategory: 'parse_error', platform: MAC }),
      ev(S(), '2026-04-08T02:00:00Z', FAILED, { success: false, errorCategory: 'timeout', platform: MAC }),
      ...on('2026-03-31', 50, (at) => ev(S(), at, GEN)),
      ev(S(), '2026-04-14', FAILED, { success: false, errorCategory: 'timeout' }),
    ],
  },
  cases: [
    // 3 FAILED / 100 GEN = 0.03 > 0.022: missed, attainment 0.02 / 0.03. Previous 0/50: +3 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 0.03, previousValue: 0, change: 3, changeUnit: 'POINTS', status: 'MISSED', attainment: 2 / 3 } },
    // Each category's failures over all 100 generations: timeout 0.02 (met exactly), parse_error 0.01.
    { name: 'by error category: over all generations', window: W, segments: { by: 'errorCategory', expected: { timeout: [0.02, 'MET'], parse_error: [0.01, 'MET'] } } },
    // By platform, each over its own generations: linux 1/50, macos 2/50 > 0.022.
    { name: 'by platform', window: W, segments: { by: 'platform', expected: { 'linux-x86_64': [0.02, 'MET'], [MAC]: [0.04, 'MISSED'] } } },
    { name: 'failures without generations: zero denominator, no data', window: win('2026-04-13', '2026-04-20'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
