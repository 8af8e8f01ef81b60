import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'binary_size_mb',
  title: 'Binary size (MB)',
  description: "The latest release.binary_size_mb gauge observation before the window's end.",
  unit: 'megabytes',
  direction: 'lower',
  formula: { kind: 'gauge', gauge: 'release.binary_size_mb' },
  segments: [],
  target: { atMost: 10 },
});
