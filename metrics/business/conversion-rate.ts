import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'conversion_rate',
  title: 'Conversion rate',
  description: 'Paying accounts / all accounts (not cancelled) at the end of the window.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'subscriptions', measure: 'payingAccounts' },
    denominator: { kind: 'subscriptions', measure: 'accounts' },
  },
  segments: [],
  target: { between: [0.05, 0.1] },
});
