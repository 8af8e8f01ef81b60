import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'memory_mb_avg',
  title: 'Memory (mean MB)',
  description: 'Mean memoryMb during inference, over events that carry it.',
  unit: 'megabytes',
  direction: 'lower',
  formula: { kind: 'measure', source: 'events', aggregate: 'avg', field: 'memoryMb' },
  segments: ['backend', 'model'],
});
