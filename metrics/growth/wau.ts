import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'wau',
  title: 'Weekly active users',
  description: 'Sessions with at least one COMMAND_EXECUTED event in the 7 days ending at the end of the window.',
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'rollingActive', days: 7 },
  segments: ['platform', 'backend'],
  alerts: [{ name: 'declining_wow', kind: 'change', drop: 0, measure: 'percent', severity: 'warning', cadence: 'weekly' }],
});
