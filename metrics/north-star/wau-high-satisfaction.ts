import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'wau_high_satisfaction',
  title: 'Weekly active users with high satisfaction',
  description:
    'The north star: sessions active (a COMMAND_EXECUTED event) in the 7 days ending at the end of the window ' +
    'whose latest CSAT score before that end is 4 or 5.',
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'rollingActive', days: 7, latestSurvey: { survey: 'CSAT', scoreAtLeast: 4 } },
  segments: ['platform'],
  target: {
    schedule: [
      { from: '2026-01-31', atLeast: 500 },
      { from: '2026-03-31', atLeast: 2000 },
      { from: '2026-06-30', atLeast: 10000 },
      { from: '2026-09-30', atLeast: 30000 },
      { from: '2026-12-31', atLeast: 80000 },
      { from: '2027-12-31', atLeast: 200000 },
    ],
  },
  alerts: [{ name: 'declining_wow', kind: 'change', drop: 0, measure: 'percent', severity: 'critical', cadence: 'weekly' }],
});
