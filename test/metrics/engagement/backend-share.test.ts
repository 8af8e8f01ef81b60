/** backend_share: each backend's share of COMMAND_GENERATED; headline STATIC (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, on, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-02-02', '2026-02-09');

testMetric('backend_share', {
  records: {
    // Window [02-02, 02-09): GEN STATIC 11, EMBEDDED 7, MLX 2 (and an MLX EXEC, not counted).
    // Previous [01-26, 02-02): STATIC 8, EMBEDDED 2. Week [02-09, 02-16): an EXEC only.
    events: [
      ...on('2026-02-02', 11, (at) => ev(S(), at, GEN)),
      ...on('2026-02-03', 7, (at) => ev(S(), at, GEN, { backend: 'EMBEDDED' })),
      ...on('2026-02-04', 2, (at) => ev(S(), at, GEN, { backend: 'MLX' })), ev(S(), '2026-02-05', 'COMMAND_EXECUTED', { backend: 'MLX' }),
      ...on('2026-01-27', 8, (at) => ev(S(), at, GEN)), ...on('2026-01-28', 2, (at) => ev(S(), at, GEN, { backend: 'EMBEDDED' })),
      ev(S(), '2026-02-10', 'COMMAND_EXECUTED'),
    ],
  },
  cases: [
    // Headline STATIC 11/20 = 0.55, within 10% of the default ≥ 0.6: at risk. Previous 8/10: −25 points.
    { name: 'headline STATIC share, change in points, target', window: W, snapshot: { value: 0.55, previousValue: 0.8, change: -25, changeUnit: 'POINTS', status: 'AT_RISK', attainment: 0.55 / 0.6 } },
    // EMBEDDED 7/20 = 0.35 (≥ 0.35), MLX 2/20 = 0.1 (≥ 0.05): each against its own target.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { STATIC: [0.55, 'AT_RISK'], EMBEDDED: [0.35, 'MET'], MLX: [0.1, 'MET'] } } },
    { name: 'executions without generations: no data', window: win('2026-02-09', '2026-02-16'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
