import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'refinement_usage',
  title: 'Refinement usage',
  description: 'COMPLEX COMMAND_GENERATED events with refinementCount ≥ 1 / COMPLEX COMMAND_GENERATED events.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: {
      kind: 'measure',
      source: 'events',
      aggregate: 'count',
      where: { eventType: 'COMMAND_GENERATED', queryComplexity: 'COMPLEX', refinementCount: { gte: 1 } },
    },
    denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED', queryComplexity: 'COMPLEX' } },
  },
  segments: [],
  target: { atLeast: 0.2 },
});
