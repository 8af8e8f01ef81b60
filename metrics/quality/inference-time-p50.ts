import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'inference_time_p50',
  title: 'Inference time P50',
  description:
    'Median inferenceMs over events that carry it. Targets by model (smollm < 300 ms, qwen < 600 ms; model names as ' +
    'the client sends them) and for the MLX backend (< 30 ms).',
  unit: 'milliseconds',
  direction: 'lower',
  formula: { kind: 'measure', source: 'events', aggregate: 'percentile', percentile: 50, field: 'inferenceMs', where: { inferenceMs: { notNull: true } } },
  segments: ['model', 'backend'],
  target: { bySegment: { model: { smollm: { atMost: 300 }, qwen: { atMost: 600 } }, backend: { MLX: { atMost: 30 } } } },
});
