import { defineMetric } from '../../src/registry/define-metric.js';

export default defineMetric({
  id: 'history_searches_per_user',
  title: 'History searches per user',
  description: 'HISTORY_SEARCHED events / active sessions whose latest historyEnabled is true, per 7 days of window.',
  unit: 'count',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    perDays: 7,
    numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'HISTORY_SEARCHED' } },
    denominator: { kind: 'sessionState', field: 'historyEnabled', match: true },
  },
  segments: [],
});
