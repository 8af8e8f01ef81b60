import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'history_adoption',
  title: 'History adoption',
  description: 'Sessions active in the window whose latest historyEnabled before its end is true / sessions active in the window.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'sessionState', field: 'historyEnabled', match: true },
    denominator: { kind: 'measure', source: 'events', aggregate: 'countSessions', where: { eventType: 'COMMAND_EXECUTED' } },
  },
  segments: [],
  target: { atLeast: 0.4 },
});
