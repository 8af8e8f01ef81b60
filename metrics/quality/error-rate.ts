import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'error_rate',
  title: 'Error rate',
  description: 'COMMAND_FAILED events / COMMAND_GENERATED events. Split by errorCategory, each category\'s failures are divided by all generations.',
  unit: 'ratio',
  direction: 'lower',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_FAILED' } },
    denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
    wholeDenominatorFor: ['errorCategory'],
  },
  segments: ['errorCategory', 'platform'],
  target: { atMost: 0.02 },
  alerts: [{ name: 'above_5_percent', kind: 'threshold', above: 0.05, severity: 'critical', cadence: 'daily' }],
});
