-- measure-countSessions on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
d(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT u.k, u.seg, u.session_hash
  FROM (
    SELECT wk.k AS k, NULL AS seg, r.session_hash AS session_hash
    FROM d
    JOIN w wk ON wk.k = d.k
    JOIN session_days r ON r.day >= d.lo AND r.day < d.hi
    WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0) u
  GROUP BY 1, 2, 3) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1772409600000
--   ?6 = 1773014400000
--   ?7 = 1773014400000
--   ?8 = 1773619200000
--   ?9 = 1772409600000
--   ?10 = 1773619200000

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(DISTINCT t.session_hash) AS value, COUNT(DISTINCT t.session_hash) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ?
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "COMMAND_EXECUTED"
