import { defineMetric } from '../../src/registry/define-metric.js';

/** Sessions that had reached 10 successful COMMAND_EXECUTED events before the end of the window. */
const engaged = { eventType: 'COMMAND_EXECUTED', where: { success: true }, atLeast: 10 } as const;

export default defineMetric({
  id: 'survey_response_rate',
  title: 'Survey response rate',
  description:
    'Of the sessions that had reached 10 successful COMMAND_EXECUTED events before the end of the window, the share ' +
    'that answered any survey in the window.',
  unit: 'ratio',
  direction: 'higher',
  formula: {
    kind: 'ratio',
    numerator: { kind: 'engagedSessions', condition: engaged, answeredSurvey: true },
    denominator: { kind: 'engagedSessions', condition: engaged },
  },
  segments: [],
});
