import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'mau_ratio',
  title: 'MAU / total users',
  description: 'mau / total_users at the end of the window.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'ratio', numerator: { kind: 'metric', id: 'mau' }, denominator: { kind: 'metric', id: 'total_users' } },
  segments: [],
  target: { atLeast: 0.5 },
});
