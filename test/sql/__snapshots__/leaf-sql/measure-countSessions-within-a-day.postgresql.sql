-- measure-countSessions-within-a-day on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-02T18:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, session_hours, telemetry_events (partial hours))
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)))
SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT u.k, u.seg, u.session_hash
  FROM (
    SELECT wk.k AS k, NULL AS seg, r.session_hash AS session_hash
    FROM w wk CROSS
    JOIN session_hours r
    WHERE wk.k = 0 AND r.hour >= CAST($3 AS TIMESTAMPTZ) AND r.hour < CAST($4 AS TIMESTAMPTZ) AND r.executed_count > 0
    UNION ALL
    SELECT wk.k AS k, NULL AS seg, t.session_hash AS session_hash
    FROM w wk CROSS
    JOIN telemetry_events t
    WHERE wk.k = 0 AND t.timestamp >= CAST($5 AS TIMESTAMPTZ) AND t.timestamp < CAST($6 AS TIMESTAMPTZ) AND t.event_type = $7
    UNION ALL
    SELECT wk.k AS k, NULL AS seg, t.session_hash AS session_hash
    FROM w wk CROSS
    JOIN telemetry_events t
    WHERE wk.k = 0 AND t.timestamp >= CAST($8 AS TIMESTAMPTZ) AND t.timestamp < CAST($9 AS TIMESTAMPTZ) AND t.event_type = $10) u
  GROUP BY 1, 2, 3) x
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:40:00.000Z
--   $2 = 2026-03-02T18:14:00.000Z
--   $3 = 2026-03-02T13:00:00.000Z
--   $4 = 2026-03-02T18:00:00.000Z
--   $5 = 2026-03-02T12:40:00.000Z
--   $6 = 2026-03-02T13:00:00.000Z
--   $7 = "COMMAND_EXECUTED"
--   $8 = 2026-03-02T18:00:00.000Z
--   $9 = 2026-03-02T18:14:00.000Z
--   $10 = "COMMAND_EXECUTED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, COUNT(DISTINCT t.session_hash) AS value, COUNT(DISTINCT t.session_hash) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = $3
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:40:00.000Z
--   $2 = 2026-03-02T18:14:00.000Z
--   $3 = "COMMAND_EXECUTED"
