import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'latency_p99',
  title: 'Latency P99',
  description: '99th percentile (continuous) of latencyMs over COMMAND_GENERATED events. The 1 000 ms target is for the EMBEDDED backend.',
  unit: 'milliseconds',
  direction: 'lower',
  formula: {
    kind: 'measure',
    source: 'events',
    aggregate: 'percentile',
    percentile: 99,
    field: 'latencyMs',
    where: { eventType: 'COMMAND_GENERATED' },
  },
  segments: ['backend', 'platform'],
  target: { bySegment: { backend: { EMBEDDED: { atMost: 1000 } } } },
});
