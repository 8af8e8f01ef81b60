/** cpu_percent_avg: the mean cpuPercent of the events that carry it (percent: its change in percent). No target. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-01-12', '2026-01-19');

testMetric('cpu_percent_avg', {
  records: {
    // Window [01-12, 01-19): EMBEDDED smollm 400 MB 50%, 600 MB 70%; EMBEDDED qwen 1 000 MB 150%; MLX mlx-qwen
    // 300 MB 30%; a STATIC event carries neither. Previous [01-05, 01-12): one event, 500 MB 100%.
    events: [
      ev(S(), '2026-01-12', GEN, { backend: 'EMBEDDED', model: 'smollm', memoryMb: 400, cpuPercent: 50 }),
      ev(S(), '2026-01-13', GEN, { backend: 'EMBEDDED', model: 'smollm', memoryMb: 600, cpuPercent: 70 }),
      ev(S(), '2026-01-14', GEN, { backend: 'EMBEDDED', model: 'qwen', memoryMb: 1000, cpuPercent: 150 }),
      ev(S(), '2026-01-15', GEN, { backend: 'MLX', model: 'mlx-qwen', memoryMb: 300, cpuPercent: 30 }),
      ev(S(), '2026-01-16', GEN),
      ev(S(), '2026-01-06', GEN, { backend: 'EMBEDDED', model: 'qwen', memoryMb: 500, cpuPercent: 100 }),
    ],
  },
  cases: [
    // (50 + 70 + 150 + 30) / 4 = 75; previous 100: −25%.
    { name: 'value, change in percent, no target', window: W, snapshot: { value: 75, previousValue: 100, change: -25, status: 'NO_TARGET' } },
    // EMBEDDED (50 + 70 + 150) / 3 = 90; MLX 30; STATIC none.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { EMBEDDED: [90, 'NO_TARGET'], MLX: [30, 'NO_TARGET'], STATIC: [null, 'NO_DATA'] } } },
    { name: 'no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
