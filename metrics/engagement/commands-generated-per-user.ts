import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'commands_generated_per_user',
  title: 'Commands generated per user',
  description: 'COMMAND_GENERATED events / sessions active in the window (a COMMAND_EXECUTED event), per 7 days of window.',
  unit: 'count',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    perDays: 7,
    numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
    denominator: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } },
  },
  segments: ['persona'],
  target: { atLeast: 10 },
  alerts: [{ name: 'declining_wow', kind: 'change', drop: 0, measure: 'percent', severity: 'warning', cadence: 'weekly' }],
});
