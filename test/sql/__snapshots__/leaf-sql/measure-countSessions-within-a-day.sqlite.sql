-- measure-countSessions-within-a-day on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-02T18:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, session_hours, telemetry_events (partial hours))
WITH w(k, lo, hi) AS (VALUES (0, ?, ?)),
hr(k, lo, hi) AS (VALUES (0, ?, ?)),
e(k, lo, hi) AS (VALUES (0, ?, ?), (0, ?, ?))
SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT u.k, u.seg, u.session_hash
  FROM (
    SELECT hr.k AS k, NULL AS seg, r.session_hash AS session_hash
    FROM hr
    JOIN w wk ON wk.k = hr.k
    JOIN session_hours r ON r.hour >= hr.lo AND r.hour < hr.hi
    WHERE r.executed_count > 0
    UNION ALL
    SELECT e.k AS k, NULL AS seg, t.session_hash AS session_hash
    FROM e
    JOIN w wk ON wk.k = e.k
    JOIN telemetry_events t ON t.timestamp >= e.lo AND t.timestamp < e.hi
    WHERE t.event_type = ?) u
  GROUP BY 1, 2, 3) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772475240000
--   ?3 = 1772456400000
--   ?4 = 1772474400000
--   ?5 = 1772455200000
--   ?6 = 1772456400000
--   ?7 = 1772474400000
--   ?8 = 1772475240000
--   ?9 = "COMMAND_EXECUTED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(DISTINCT t.session_hash) AS value, COUNT(DISTINCT t.session_hash) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ?
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772475240000
--   ?3 = "COMMAND_EXECUTED"
