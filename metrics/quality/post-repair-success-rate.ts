import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'post_repair_success_rate',
  title: 'Post-repair success rate',
  description: '(Successful COMMAND_GENERATED + successful AGENT_LOOP_REPAIR events) / COMMAND_GENERATED events.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: {
      kind: 'measure',
      source: 'events',
      aggregate: 'count',
      where: { eventType: ['COMMAND_GENERATED', 'AGENT_LOOP_REPAIR'], success: true },
    },
    denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
  },
  segments: ['backend'],
  target: { atLeast: 0.95 },
});
