import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'plugin_adoption',
  title: 'Plugin adoption',
  description: 'Sessions active in the window whose latest pluginCount before its end is at least 1 / sessions active in the window.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'sessionState', field: 'pluginCount', match: { gte: 1 } },
    denominator: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } },
  },
  segments: [],
  target: { atLeast: 0.3 },
});
