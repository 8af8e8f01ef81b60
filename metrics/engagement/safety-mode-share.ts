import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'safety_mode_share',
  title: 'Safety mode share',
  description:
    'Sessions active in the window, by the latest safetyMode they sent before its end, each as a share of those ' +
    'that sent one. The headline value is the NORMAL share. Targets: STRICT at least 10%, NORMAL at least 80%, ' +
    'PERMISSIVE at most 10%.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'share', base: { kind: 'sessionState', field: 'safetyMode' }, of: 'safetyMode', headline: 'NORMAL' },
  segments: ['safetyMode'],
  target: {
    bySegment: { safetyMode: { STRICT: { atLeast: 0.1 }, NORMAL: { atLeast: 0.8 }, PERMISSIVE: { atMost: 0.1 } } },
    default: { atLeast: 0.8 },
  },
});
