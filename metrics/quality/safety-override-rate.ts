import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'safety_override_rate',
  title: 'Safety override rate',
  description: 'SAFETY_OVERRIDE events / VALIDATION_BLOCKED events.',
  unit: 'ratio',
  direction: 'lower',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'SAFETY_OVERRIDE' } },
    denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'VALIDATION_BLOCKED' } },
  },
  segments: ['validationSeverity'],
  target: { atMost: 0.1 },
});
