import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'feature_satisfaction',
  title: 'Feature satisfaction',
  description: 'YES answers / answered FEATURE surveys; split by feature for each feature\'s own rate.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'FEATURE', answer: 'YES' } },
    denominator: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'FEATURE' } },
  },
  segments: ['feature'],
});
