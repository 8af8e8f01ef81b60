import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'first_attempt_success_rate',
  title: 'First-attempt success rate',
  description: 'Successful COMMAND_GENERATED events / COMMAND_GENERATED events.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED', success: true } },
    denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
  },
  segments: ['backend', 'platform', 'queryComplexity'],
  target: { atLeast: 0.85 },
  alerts: [{ name: 'below_80_percent', kind: 'threshold', below: 0.8, severity: 'critical', cadence: 'daily' }],
});
