-- measure-countSessions-mid-day on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-04T06:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?)),
d(k, lo, hi) AS (VALUES (0, ?, ?)),
pd(k, lo, hi) AS (VALUES (0, ?, ?), (0, ?, ?))
SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT u.k, u.seg, u.session_hash
  FROM (
    SELECT wk.k AS k, CAST(r.platform AS TEXT) AS seg, r.session_hash AS session_hash
    FROM d
    JOIN w wk ON wk.k = d.k
    JOIN session_days r ON r.day >= d.lo AND r.day < d.hi
    WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0 AND r.platform IS NOT NULL
    UNION ALL
    SELECT wk.k AS k, CAST(r.platform AS TEXT) AS seg, r.session_hash AS session_hash
    FROM pd
    JOIN w wk ON wk.k = pd.k
    JOIN session_days r ON r.day >= pd.lo AND r.day < pd.hi
    WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0 AND r.executed_last_at >= wk.lo AND r.executed_first_at < wk.hi AND r.platform IS NOT NULL) u
  GROUP BY 1, 2, 3) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772604840000
--   ?3 = 1772496000000
--   ?4 = 1772582400000
--   ?5 = 1772409600000
--   ?6 = 1772496000000
--   ?7 = 1772582400000
--   ?8 = 1772668800000
--   ?9 = 1772496000000
--   ?10 = 1772582400000
--   ?11 = 1772409600000
--   ?12 = 1772668800000

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
