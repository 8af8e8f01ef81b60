import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'activation_rate_7d',
  title: 'Activation rate (7 days)',
  description:
    "Share of the window's cohort (sessions first seen in it) with at least 3 successful COMMAND_EXECUTED events " +
    'within 7 days of first seen. Sessions whose 7 days have not ended are left out and counted.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'cohort',
    condition: { eventType: 'COMMAND_EXECUTED', where: { success: true }, atLeast: 3 },
    period: { offsetDays: 0, days: 7 },
    result: 'share',
  },
  segments: ['platform', 'persona'],
  target: { atLeast: 0.6 },
  alerts: [{ name: 'below_50_percent', kind: 'threshold', below: 0.5, severity: 'warning', cadence: 'weekly' }],
});
