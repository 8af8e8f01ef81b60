import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'github_contributors_month',
  title: 'GitHub contributors this month',
  description: "The latest github.contributors_month gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'github.contributors_month' },
  segments: [],
});
