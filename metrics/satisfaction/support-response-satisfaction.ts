import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'support_response_satisfaction',
  title: 'Support response satisfaction',
  description: 'YES answers / answered SUPPORT_RESPONSE_TIME surveys.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'SUPPORT_RESPONSE_TIME', answer: 'YES' } },
    denominator: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'SUPPORT_RESPONSE_TIME' } },
  },
  segments: [],
  target: { atLeast: 0.8 },
  alerts: [{ name: 'below_70_percent', kind: 'threshold', below: 0.7, severity: 'warning', cadence: 'monthly' }],
});
