import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'safety_false_positive_rate',
  title: 'Safety false-positive rate',
  description: 'FALSE_POSITIVE verdicts / audited VALIDATION_BLOCKED events (audits in the window).',
  unit: 'ratio',
  direction: 'lower',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'audits', aggregate: 'count', where: { eventType: 'VALIDATION_BLOCKED', verdict: 'FALSE_POSITIVE' } },
    denominator: { kind: 'measure', source: 'audits', aggregate: 'count', where: { eventType: 'VALIDATION_BLOCKED' } },
  },
  segments: ['validationSeverity'],
  target: { atMost: 0.05 },
  alerts: [{ name: 'above_10_percent', kind: 'threshold', above: 0.1, severity: 'warning', cadence: 'daily' }],
});
