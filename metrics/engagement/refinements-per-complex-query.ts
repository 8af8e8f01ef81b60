import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'refinements_per_complex_query',
  title: 'Refinements per complex query',
  description: 'Mean refinementCount over COMPLEX COMMAND_GENERATED events that carry one.',
  unit: 'count',
  direction: 'higher',
  formula: {
    kind: 'measure',
    source: 'events',
    aggregate: 'avg',
    field: 'refinementCount',
    where: { eventType: 'COMMAND_GENERATED', queryComplexity: 'COMPLEX' },
  },
  segments: [],
});
