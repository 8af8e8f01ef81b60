import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'mau',
  title: 'Monthly active users',
  description: 'Sessions with at least one COMMAND_EXECUTED event in the 30 days ending at the end of the window.',
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'rollingActive', days: 30 },
  segments: ['platform'],
});
