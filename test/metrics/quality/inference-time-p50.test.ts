/** inference_time_p50: the median inferenceMs of the events that carry it (milliseconds: its change in percent). */
import { testMetric } from '../../support/metric-tester.js';
import { ev, session as S, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const W = win('2026-03-16', '2026-03-23');

testMetric('inference_time_p50', {
  records: {
    // Window [03-16, 03-23): smollm (EMBEDDED) 200 260 400, qwen (EMBEDDED) 500 700, mlx-qwen (MLX) 20 40,
    // and a GEN without inferenceMs. Previous [03-09, 03-16): 300 (GEN), 500 (EXEC). Week [03-02, 03-09):
    // GEN without inferenceMs only.
    events: [
      ...[200, 260, 400].map((inferenceMs, i) => ev(S(), `2026-03-16T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', model: 'smollm', inferenceMs })),
      ...[500, 700].map((inferenceMs, i) => ev(S(), `2026-03-17T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', model: 'qwen', inferenceMs })),
      ...[20, 40].map((inferenceMs, i) => ev(S(), `2026-03-18T0${i}:00:00Z`, GEN, { backend: 'MLX', model: 'mlx-qwen', inferenceMs })),
      ev(S(), '2026-03-19', GEN),
      ev(S(), '2026-03-10', GEN, { model: 'smollm', inferenceMs: 300 }), ev(S(), '2026-03-11', 'COMMAND_EXECUTED', { model: 'smollm', inferenceMs: 500 }),
      ev(S(), '2026-03-03', GEN, { latencyMs: 400 }), ev(S(), '2026-03-04', GEN, { backend: 'EMBEDDED' }),
    ],
  },
  cases: [
    // [20 40 200 260 400 500 700]: 260. Previous [300 500] (any event type): 400; −35%.
    { name: 'value, change in percent, no overall target', window: W, snapshot: { value: 260, previousValue: 400, change: -35, status: 'NO_TARGET', sampleSize: 7 } },
    // smollm 260 ≤ 300; qwen [500 700] 600 ≤ 600; mlx-qwen has no model target.
    { name: 'by model', window: W, segments: { by: 'model', expected: { smollm: [260, 'MET'], qwen: [600, 'MET'], 'mlx-qwen': [30, 'NO_TARGET'] } } },
    // MLX [20 40] 30 ≤ 30; EMBEDDED [200 260 400 500 700] 400.
    { name: 'by backend: the MLX target', window: W, segments: { by: 'backend', expected: { MLX: [30, 'MET'], EMBEDDED: [400, 'NO_TARGET'] } } },
    { name: 'no event carries it: no data', window: win('2026-03-02', '2026-03-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
