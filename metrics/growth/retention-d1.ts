import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'retention_d1',
  title: 'Day-1 retention',
  description:
    "Share of the window's cohort active (a COMMAND_EXECUTED event) on the UTC day after their first-seen day. " +
    'Sessions whose next day has not ended are left out and counted.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTED' }, period: 'nextUtcDay', result: 'share' },
  segments: ['platform'],
  target: { atLeast: 0.4 },
  alerts: [
    { name: 'deteriorating', kind: 'change', drop: 0, measure: 'points', severity: 'warning', cadence: 'weekly' },
  ],
});
