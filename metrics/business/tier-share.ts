import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'tier_share',
  title: 'Tier share',
  description: 'Accounts (not cancelled) at the end of the window by tier, each as a share. No headline value: read it by tier.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'share', base: { kind: 'subscriptions', measure: 'accounts' }, of: 'tier' },
  segments: ['tier'],
});
