import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'github_issues_open',
  title: 'GitHub open issues',
  description: "The latest github.issues_open gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'github.issues_open' },
  segments: [],
});
