import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'csat',
  title: 'Customer satisfaction (CSAT)',
  description: 'Mean CSAT score (1-5) of responses in the window.',
  unit: 'score',
  direction: 'higher',
  formula: { kind: 'measure', source: 'surveys', aggregate: 'avg', field: 'score', where: { survey: 'CSAT' } },
  segments: ['persona'],
  target: { schedule: [{ from: '2026-07-01', atLeast: 4.2 }, { from: '2027-01-01', atLeast: 4.5 }] },
  alerts: [{ name: 'below_4', kind: 'threshold', below: 4, severity: 'warning', cadence: 'monthly' }],
});
