-- engagedSessions on sqlite
-- leaf: {"kind":"engagedSessions","condition":{"eventType":"COMMAND_EXECUTED","where":{"success":true},"atLeast":10},"answeredSurvey":true}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, telemetry_events (the day an end falls inside), survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
sums AS MATERIALIZED (
  SELECT session_hash, SUM(CASE WHEN day < ? THEN executed_ok_count ELSE 0 END) AS b0, SUM(CASE WHEN day < ? THEN executed_ok_count ELSE 0 END) AS b1
  FROM session_days
  WHERE day <= ? AND executed_ok_count > 0
  GROUP BY session_hash
  HAVING SUM(executed_ok_count) >= ?)
SELECT 0 AS i, x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT a.k AS k
  FROM (
    SELECT w.k AS k, r.session_hash AS session_hash
    FROM w
    JOIN survey_responses r ON r.timestamp >= w.lo AND r.timestamp < w.hi
    GROUP BY 1, 2) a
  JOIN sums s ON s.session_hash = a.session_hash
  WHERE CASE a.k WHEN 0 THEN s.b0 >= ? WHEN 1 THEN s.b1 >= ? END) x
GROUP BY 1, 2, 3
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1773014400000
--   ?6 = 1773619200000
--   ?7 = 1773619200000
--   ?8 = 10
--   ?9 = 10
--   ?10 = 10

-- source: raw (reads telemetry_events, survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT r.k AS k
  FROM (
    SELECT w.k AS k, x.session_hash AS session_hash
    FROM w
    JOIN (
      SELECT session_hash, timestamp AS reached_at
      FROM (
        SELECT t.session_hash, t.timestamp, ROW_NUMBER() OVER (PARTITION BY t.session_hash
          ORDER BY t.timestamp, t.event_id) AS rn
        FROM telemetry_events t
        WHERE t.event_type = ? AND t.success = ? AND t.timestamp < ? ) x
      WHERE rn = ?) x ON x.reached_at < w.hi) r
  JOIN (
    SELECT w.k AS k, s.session_hash AS session_hash
    FROM w
    JOIN survey_responses s ON s.timestamp >= w.lo AND s.timestamp < w.hi
    GROUP BY 1, 2) a ON a.k = r.k AND a.session_hash = r.session_hash) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "COMMAND_EXECUTED"
--   ?6 = 1
--   ?7 = 1773619200000
--   ?8 = 10
