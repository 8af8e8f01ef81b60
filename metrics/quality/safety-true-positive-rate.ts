import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'safety_true_positive_rate',
  title: 'Safety true-positive rate',
  description:
    'TRUE_POSITIVE / (TRUE_POSITIVE + FALSE_NEGATIVE) audit verdicts audited in the window, by the audited event\'s ' +
    'validationSeverity. Must be 100% for CRITICAL.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'audits', aggregate: 'count', where: { verdict: 'TRUE_POSITIVE' } },
    denominator: { kind: 'measure', source: 'audits', aggregate: 'count', where: { verdict: ['TRUE_POSITIVE', 'FALSE_NEGATIVE'] } },
  },
  segments: ['validationSeverity'],
  target: { bySegment: { validationSeverity: { CRITICAL: { atLeast: 1 } } } },
  alerts: [
    {
      name: 'critical_below_100_percent',
      kind: 'threshold',
      below: 1,
      scope: { segment: 'validationSeverity', value: 'CRITICAL' },
      severity: 'critical',
      cadence: 'daily',
    },
  ],
});
