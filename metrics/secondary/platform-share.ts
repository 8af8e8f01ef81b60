import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'platform_share',
  title: 'Platform share',
  description: 'Sessions active in the window (a COMMAND_EXECUTED event) by platform, each as a share. No headline value: read it by platform.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'share',
    base: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } },
    of: 'platform',
  },
  segments: ['platform'],
});
