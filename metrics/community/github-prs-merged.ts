import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'github_prs_merged',
  title: 'GitHub PRs merged',
  description: "The latest github.prs_merged gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'github.prs_merged' },
  segments: [],
});
