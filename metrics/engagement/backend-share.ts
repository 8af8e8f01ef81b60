import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'backend_share',
  title: 'Backend share',
  description: 'COMMAND_GENERATED events by backend, each as a share of all. The headline value is the STATIC share.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'share',
    base: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
    of: 'backend',
    headline: 'STATIC',
  },
  segments: ['backend'],
  target: {
    bySegment: { backend: { STATIC: { atLeast: 0.6 }, EMBEDDED: { atLeast: 0.35 }, MLX: { atLeast: 0.05 } } },
    default: { atLeast: 0.6 },
  },
  alerts: [{ name: 'static_below_50_percent', kind: 'threshold', below: 0.5, severity: 'warning', cadence: 'weekly' }],
});
