import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'memory_mb_max',
  title: 'Memory (max MB)',
  description: 'Maximum memoryMb during inference, over events that carry it.',
  unit: 'megabytes',
  direction: 'lower',
  formula: { kind: 'measure', source: 'events', aggregate: 'max', field: 'memoryMb' },
  segments: ['backend', 'model'],
});
