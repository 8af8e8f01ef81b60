import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'time_to_first_success_p80',
  title: 'Time to first success (P80)',
  description:
    "Over the window's cohort: 80th percentile of seconds from first seen to the first successful COMMAND_EXECUTED. " +
    'Sessions are looked at over their first 7 days: those whose 7 days have not ended are left out and counted, ' +
    'and those with no success within 7 days have no time and are not in the percentile.',
  unit: 'seconds',
  direction: 'lower',
  formula: {
    kind: 'cohort',
    condition: { eventType: 'COMMAND_EXECUTED', where: { success: true } },
    period: { offsetDays: 0, days: 7 },
    result: { percentileSeconds: 80 },
  },
  segments: ['platform', 'persona'],
  target: { atMost: 60 },
});
