import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'github_forks',
  title: 'GitHub forks',
  description: "The latest github.forks gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'github.forks' },
  segments: [],
});
