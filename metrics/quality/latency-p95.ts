import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'latency_p95',
  title: 'Latency P95',
  description: '95th percentile (continuous) of latencyMs over COMMAND_GENERATED events. The 500 ms target is for the EMBEDDED backend.',
  unit: 'milliseconds',
  direction: 'lower',
  formula: {
    kind: 'measure',
    source: 'events',
    aggregate: 'percentile',
    percentile: 95,
    field: 'latencyMs',
    where: { eventType: 'COMMAND_GENERATED' },
  },
  segments: ['backend', 'platform'],
  target: { bySegment: { backend: { EMBEDDED: { atMost: 500 } } } },
  alerts: [{ name: 'above_1000_ms', kind: 'threshold', above: 1000, severity: 'critical', cadence: 'daily' }],
});
