import { defineMetric } from '../../src/registry/define-metric.js';

const npsResponses = { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'NPS' } } as const;

export default defineMetric({
  id: 'nps',
  title: 'Net Promoter Score',
  description:
    'Over NPS responses in the window: % of scores 9-10 minus % of scores 0-6, from -100 to 100. Split by persona; ' +
    'the catalogue also names a cohort split, which is not offered yet: compare install cohorts by their windows.',
  unit: 'score',
  direction: 'higher',
  formula: {
    kind: 'arithmetic',
    op: 'subtract',
    left: {
      kind: 'ratio',
      scale: 100,
      numerator: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'NPS', score: { gte: 9 } } },
      denominator: npsResponses,
    },
    right: {
      kind: 'ratio',
      scale: 100,
      numerator: { kind: 'measure', source: 'surveys', aggregate: 'count', where: { survey: 'NPS', score: { lte: 6 } } },
      denominator: npsResponses,
    },
  },
  segments: ['persona'],
  target: { schedule: [{ from: '2026-07-01', atLeast: 40 }, { from: '2027-01-01', atLeast: 60 }] },
  alerts: [{ name: 'dropping_mom', kind: 'change', drop: 0, measure: 'points', severity: 'warning', cadence: 'monthly' }],
});
