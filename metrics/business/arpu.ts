import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'arpu',
  title: 'Average revenue per paying user',
  description: 'mrr / paying accounts (tier other than FREE, not cancelled) at the end of the window.',
  unit: 'usd',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'subscriptions', measure: 'mrr' },
    denominator: { kind: 'subscriptions', measure: 'payingAccounts' },
  },
  segments: ['tier'],
  target: { between: [3, 5] },
});
