import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'mrr',
  title: 'Monthly recurring revenue',
  description: "Sum of monthlyAmountCents / 100 over accounts whose latest billing event before the window's end is not CANCELLED.",
  unit: 'usd',
  direction: 'higher',
  formula: { kind: 'subscriptions', measure: 'mrr' },
  segments: ['tier'],
  target: { schedule: [{ from: '2026-06-30', atLeast: 5000 }, { from: '2026-12-31', atLeast: 50000 }] },
});
