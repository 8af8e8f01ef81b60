import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'support_resolution_rate',
  title: 'Support resolution rate',
  description:
    'Answers to SUPPORT_RESOLUTION surveys, each as a share of all answers: the headline value is the YES share; ' +
    'split by answer for the NO (and PARTIALLY) shares beside it.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'share',
    base: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'SUPPORT_RESOLUTION' } },
    of: 'answer',
    headline: 'YES',
  },
  segments: ['answer'],
  target: { bySegment: { answer: { YES: { atLeast: 0.7 }, NO: { atMost: 0.1 } } }, default: { atLeast: 0.7 } },
  alerts: [{ name: 'below_70_percent', kind: 'threshold', below: 0.7, severity: 'warning', cadence: 'monthly' }],
});
