import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'churn_rate',
  title: 'Churn rate',
  description: 'Paying accounts at the window\'s start that were cancelled in the window / paying accounts at its start.',
  unit: 'ratio',
  direction: 'lower',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'subscriptions', measure: 'cancelledPaying' },
    denominator: { kind: 'subscriptions', measure: 'payingAccounts', at: 'start' },
  },
  segments: ['tier'],
  target: { bySegment: { tier: { PRO: { atMost: 0.05 }, ENTERPRISE: { atMost: 0.03 } } } },
});
