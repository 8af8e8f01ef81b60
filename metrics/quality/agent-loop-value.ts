import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'agent_loop_value',
  title: 'Agent loop value',
  description: 'post_repair_success_rate − first_attempt_success_rate: the success the agent loop adds, in ratio points.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'arithmetic',
    op: 'subtract',
    left: { kind: 'metric', id: 'post_repair_success_rate' },
    right: { kind: 'metric', id: 'first_attempt_success_rate' },
  },
  segments: ['backend'],
});
