import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'downloads_total',
  title: 'Total downloads',
  description: "The latest downloads.total gauge observation before the window's end; the change is against the latest before its start.",
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'gauge', gauge: 'downloads.total' },
  segments: [],
});
