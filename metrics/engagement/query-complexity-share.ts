import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'query_complexity_share',
  title: 'Query complexity share',
  description: 'COMMAND_GENERATED events by queryComplexity (those that carry it), each as a share. The headline value is the COMPLEX share, which should rise.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'share',
    base: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
    of: 'queryComplexity',
    headline: 'COMPLEX',
  },
  segments: ['queryComplexity'],
});
