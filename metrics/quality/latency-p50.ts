import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'latency_p50',
  title: 'Latency P50',
  description: '50th percentile (continuous) of latencyMs over COMMAND_GENERATED events. The 100 ms target is for the STATIC backend.',
  unit: 'milliseconds',
  direction: 'lower',
  formula: {
    kind: 'measure',
    source: 'events',
    aggregate: 'percentile',
    percentile: 50,
    field: 'latencyMs',
    where: { eventType: 'COMMAND_GENERATED' },
  },
  segments: ['backend', 'platform'],
  target: { bySegment: { backend: { STATIC: { atMost: 100 } } } },
});
