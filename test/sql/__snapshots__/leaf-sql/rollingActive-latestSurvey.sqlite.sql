-- rollingActive-latestSurvey on sqlite
-- leaf: {"kind":"rollingActive","days":7,"latestSurvey":{"survey":"CSAT","scoreAtLeast":4}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, survey_responses)
WITH wa(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT a.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT wa.k AS k, wa.hi AS hi, i.session_hash AS session_hash, i.seg AS seg
  FROM wa
  JOIN (
    SELECT session_hash, seg, MIN(day) AS first_day, MAX(day) AS last_day
    FROM (
      SELECT session_hash, seg, day, SUM(starts) OVER (PARTITION BY session_hash, seg
        ORDER BY day ROWS UNBOUNDED PRECEDING) AS island
      FROM (
        SELECT session_hash, seg, day, CASE WHEN LAG(day) OVER (PARTITION BY session_hash, seg
          ORDER BY day) >= (day + -604800000) THEN 0 ELSE 1 END AS starts
        FROM (
          SELECT r.session_hash AS session_hash, NULL AS seg, r.day AS day
          FROM session_days r
          WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0
          GROUP BY 1, 2, 3) a ) g ) h
    GROUP BY session_hash, seg, island) i ON wa.hi >= (i.first_day + 86400000) AND wa.hi <= (i.last_day + 604800000)) a
JOIN (
  SELECT session_hash, score, timestamp AS t0, LEAD(timestamp) OVER (PARTITION BY session_hash
    ORDER BY timestamp, response_id) AS t1
  FROM survey_responses
  WHERE survey = ? AND timestamp < ? ) s ON s.session_hash = a.session_hash AND s.t0 < a.hi AND (s.t1 IS NULL OR s.t1 >= a.hi)
WHERE s.score >= ?
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1772409600000
--   ?6 = 1773619200000
--   ?7 = "CSAT"
--   ?8 = 1773619200000
--   ?9 = 4

-- source: raw (reads telemetry_events, survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT a.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT DISTINCT w.k AS k, w.hi AS hi, t.session_hash AS session_hash, NULL AS seg
  FROM w
  JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
  WHERE t.event_type = 'COMMAND_EXECUTED') a
JOIN (
  SELECT session_hash, score, timestamp AS t0, LEAD(timestamp) OVER (PARTITION BY session_hash
    ORDER BY timestamp, response_id) AS t1
  FROM survey_responses
  WHERE survey = ? AND timestamp < ? ) s ON s.session_hash = a.session_hash AND s.t0 < a.hi AND (s.t1 IS NULL OR s.t1 >= a.hi)
WHERE s.score >= ?
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "CSAT"
--   ?6 = 1773619200000
--   ?7 = 4
