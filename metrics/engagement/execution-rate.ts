import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'execution_rate',
  title: 'Execution rate',
  description: 'COMMAND_EXECUTED events / COMMAND_GENERATED events in the window: how often a generated command is run.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_EXECUTED' } },
    denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
  },
  segments: ['backend', 'platform', 'caroVersion'],
  target: { atLeast: 0.7 },
  alerts: [{ name: 'below_60_percent', kind: 'threshold', below: 0.6, severity: 'warning', cadence: 'weekly' }],
});
