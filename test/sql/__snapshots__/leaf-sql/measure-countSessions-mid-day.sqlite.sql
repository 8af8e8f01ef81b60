-- measure-countSessions-mid-day on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-04T06:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH dl AS (
  SELECT s.seg AS seg, SUM(s.a0) AS a0
  FROM (
    SELECT CAST(r.platform AS TEXT) AS seg, MAX(CASE WHEN r.executed_last_at >= ? AND r.executed_first_at < ? THEN 1 ELSE 0 END) AS a0
    FROM session_days r
    WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0 AND r.platform IS NOT NULL
    GROUP BY r.session_hash, CAST(r.platform AS TEXT)) s
  GROUP BY 1)
SELECT 0 AS k, dl.seg AS seg, dl.a0 AS value, dl.a0 AS n, 0 AS excluded
FROM dl
WHERE dl.a0 > 0
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772604840000
--   ?3 = 1772409600000
--   ?4 = 1772604840000

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?))
SELECT w.k AS k, CAST(t.platform AS TEXT) AS seg, COUNT(DISTINCT t.session_hash) AS value, COUNT(DISTINCT t.session_hash) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ? AND t.platform IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772604840000
--   ?3 = "COMMAND_EXECUTED"
