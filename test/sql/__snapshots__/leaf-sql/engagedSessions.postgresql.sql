-- engagedSessions on postgresql
-- leaf: {"kind":"engagedSessions","condition":{"eventType":"COMMAND_EXECUTED","where":{"success":true},"atLeast":10},"answeredSurvey":true}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, telemetry_events (the day of the mark), survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
reached AS MATERIALIZED (
  WITH crossing AS MATERIALIZED (
    SELECT session_hash, day, $5 - (total - c) AS nth
    FROM (
      SELECT session_hash, day, c, SUM(c) OVER (PARTITION BY session_hash
        ORDER BY day ROWS UNBOUNDED PRECEDING) AS total
      FROM (
        SELECT session_hash, day, SUM(executed_ok_count) AS c
        FROM session_days
        WHERE day <= $6 AND executed_ok_count > 0
        GROUP BY session_hash, day) per_day ) running
    WHERE total >= $7 AND total - c < $8 )
  SELECT x.session_hash, x.day AS reached_at
  FROM crossing x
  WHERE NOT (FALSE)
  UNION ALL
  SELECT session_hash, timestamp AS reached_at
  FROM (
    SELECT e.session_hash, e.timestamp, x.nth, ROW_NUMBER() OVER (PARTITION BY e.session_hash
      ORDER BY e.timestamp, e.event_id) AS rn
    FROM crossing x CROSS
    JOIN telemetry_events e
    WHERE FALSE AND e.session_hash = x.session_hash AND e.timestamp >= x.day AND e.timestamp < (x.day + interval '86400000 milliseconds') AND e.event_type = $9 AND e.success = $10 ) y
  WHERE rn = nth)
SELECT 0 AS i, c.*
FROM (
  SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
  FROM w
  JOIN (
    SELECT *
    FROM reached) r ON r.reached_at < w.hi AND EXISTS (
    SELECT 1
    FROM survey_responses s
    WHERE s.session_hash = r.session_hash AND s.timestamp >= w.lo AND s.timestamp < w.hi)
  GROUP BY 1, 2) c
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 10
--   $6 = 2026-03-16T00:00:00.000Z
--   $7 = 10
--   $8 = 10
--   $9 = "COMMAND_EXECUTED"
--   $10 = true

-- source: raw (reads telemetry_events, survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN (
  SELECT session_hash, timestamp AS reached_at
  FROM (
    SELECT t.session_hash, t.timestamp, ROW_NUMBER() OVER (PARTITION BY t.session_hash
      ORDER BY t.timestamp, t.event_id) AS rn
    FROM telemetry_events t
    WHERE t.event_type = $5 AND t.success = $6 AND t.timestamp < $7 ) x
  WHERE rn = $8) r ON r.reached_at < w.hi AND EXISTS (
  SELECT 1
  FROM survey_responses s
  WHERE s.session_hash = r.session_hash AND s.timestamp >= w.lo AND s.timestamp < w.hi)
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "COMMAND_EXECUTED"
--   $6 = true
--   $7 = 2026-03-16T00:00:00.000Z
--   $8 = 10
