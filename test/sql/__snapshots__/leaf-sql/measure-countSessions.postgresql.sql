-- measure-countSessions on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH dl AS (
  SELECT s.seg AS seg, SUM(s.a0) AS a0, SUM(s.a1) AS a1
  FROM (
    SELECT NULL AS seg, MAX(CASE WHEN r.executed_last_at >= CAST($1 AS TIMESTAMPTZ) AND r.executed_first_at < CAST($2 AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS a0, MAX(CASE WHEN r.executed_last_at >= CAST($3 AS TIMESTAMPTZ) AND r.executed_first_at < CAST($4 AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS a1
    FROM session_days r
    WHERE r.day >= CAST($5 AS TIMESTAMPTZ) AND r.day < CAST($6 AS TIMESTAMPTZ) AND r.executed_count > 0
    GROUP BY r.session_hash) s
  GROUP BY 1)
SELECT 0 AS k, dl.seg AS seg, dl.a0 AS value, dl.a0 AS n, 0 AS excluded
FROM dl
WHERE dl.a0 > 0
UNION ALL
SELECT 1 AS k, dl.seg AS seg, dl.a1 AS value, dl.a1 AS n, 0 AS excluded
FROM dl
WHERE dl.a1 > 0
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 2026-03-02T00:00:00.000Z
--   $6 = 2026-03-16T00:00:00.000Z

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, COUNT(DISTINCT t.session_hash) AS value, COUNT(DISTINCT t.session_hash) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = $5
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "COMMAND_EXECUTED"
