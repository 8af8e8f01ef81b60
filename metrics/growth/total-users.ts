import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'total_users',
  title: 'Total users',
  description: 'Sessions first seen before the end of the window (every session with a telemetry event so far). Target: +10% week over week.',
  unit: 'count',
  direction: 'higher',
  formula: { kind: 'newSessions', firstSeen: 'beforeEnd' },
  segments: ['platform', 'acquisitionSource'],
  target: { changeAtLeast: 10 },
});
