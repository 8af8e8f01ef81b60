/** memory_mb_max: the largest memoryMb of the events that carry it (megabytes: its change in percent). No target. */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-01-12', '2026-01-19');

testMetric('memory_mb_max', {
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
    // max 1 000; previous 500: +100%.
    { name: 'value, change in percent, no target', window: W, snapshot: { value: 1000, previousValue: 500, change: 100, status: 'NO_TARGET' } },
    // EMBEDDED max(400, 600, 1 000); MLX 300; STATIC none.
    { name: 'by backend', window: W, segments: { by: 'backend', expected: { EMBEDDED: [1000, 'NO_TARGET'], MLX: [300, 'NO_TARGET'], STATIC: [null, 'NO_DATA'] } } },
    { name: 'no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
