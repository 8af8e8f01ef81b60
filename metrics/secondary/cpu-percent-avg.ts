import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'cpu_percent_avg',
  title: 'CPU (mean %)',
  description: 'Mean cpuPercent during inference, over events that carry it.',
  unit: 'percent',
  direction: 'lower',
  formula: { kind: 'measure', source: 'events', aggregate: 'avg', field: 'cpuPercent' },
  segments: ['backend', 'model'],
});
