import { defineMetric } from '../../src/registry/define-metric.js';

import { sql } from '../../src/sql/fragment.js';
import type { SqlFormulaParams } from '../../src/registry/define-metric.js';

/**
 * Escape hatch: "sessions that reached 10 successful commands" needs a count per session before the
 * window's end, which the data form does not express.
 */
const responseRate = ({ from, to }: SqlFormulaParams) => sql`
  SELECT NULL AS seg,
    1.0 * SUM(CASE WHEN EXISTS (SELECT 1 FROM survey_responses r WHERE r.session_hash = q.session_hash
      AND r.timestamp >= ${from} AND r.timestamp < ${to}) THEN 1 ELSE 0 END) / NULLIF(COUNT(*), 0) AS value,
    COUNT(*) AS n, 0 AS excluded
  FROM (SELECT session_hash FROM telemetry_events
        WHERE event_type = 'COMMAND_EXECUTED' AND success = ${true} AND timestamp < ${to}
        GROUP BY session_hash HAVING COUNT(*) >= 10) q`;

export default defineMetric({
  id: 'survey_response_rate',
  title: 'Survey response rate',
  description:
    'Of the sessions that had reached 10 successful COMMAND_EXECUTED events before the end of the window, the share ' +
    'that answered any survey in the window.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'sql', query: { sqlite: responseRate, postgresql: responseRate } },
  segments: [],
});
