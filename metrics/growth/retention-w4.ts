import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'retention_w4',
  title: 'Week-4 retention',
  description:
    "Share of the window's cohort active (a COMMAND_EXECUTED event) in [first seen + 28 d, first seen + 35 d). " +
    'Sessions whose period has not ended are left out and counted.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTED' }, period: { offsetDays: 28, days: 7 }, result: 'share' },
  segments: ['platform'],
  target: { atLeast: 0.2 },
  alerts: [
    { name: 'deteriorating', kind: 'change', drop: 0, measure: 'points', severity: 'warning', cadence: 'weekly' },
  ],
});
