-- engagedSessions on sqlite
-- leaf: {"kind":"engagedSessions","condition":{"eventType":"COMMAND_EXECUTED","where":{"success":true},"atLeast":10},"answeredSurvey":true}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, telemetry_events (the day of the mark), survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
reached AS MATERIALIZED (
  WITH crossing AS MATERIALIZED (
    SELECT session_hash, day, ? - (total - c) AS nth
    FROM (
      SELECT session_hash, day, c, SUM(c) OVER (PARTITION BY session_hash
        ORDER BY day ROWS UNBOUNDED PRECEDING) AS total
      FROM (
        SELECT session_hash, day, SUM(executed_ok_count) AS c
        FROM session_days
        WHERE day <= ? AND executed_ok_count > 0
        GROUP BY session_hash, day) per_day ) running
    WHERE total >= ? AND total - c < ? )
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
    WHERE FALSE AND e.session_hash = x.session_hash AND e.timestamp >= x.day AND e.timestamp < (x.day + 86400000) AND e.event_type = ? AND e.success = ? ) y
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
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 10
--   ?6 = 1773619200000
--   ?7 = 10
--   ?8 = 10
--   ?9 = "COMMAND_EXECUTED"
--   ?10 = 1

-- source: raw (reads telemetry_events, survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN (
  SELECT session_hash, timestamp AS reached_at
  FROM (
    SELECT t.session_hash, t.timestamp, ROW_NUMBER() OVER (PARTITION BY t.session_hash
      ORDER BY t.timestamp, t.event_id) AS rn
    FROM telemetry_events t
    WHERE t.event_type = ? AND t.success = ? AND t.timestamp < ? ) x
  WHERE rn = ?) r ON r.reached_at < w.hi AND EXISTS (
  SELECT 1
  FROM survey_responses s
  WHERE s.session_hash = r.session_hash AND s.timestamp >= w.lo AND s.timestamp < w.hi)
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
