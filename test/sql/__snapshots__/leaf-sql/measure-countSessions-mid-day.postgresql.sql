-- measure-countSessions-mid-day on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"countSessions","where":{"eventType":"COMMAND_EXECUTED"}}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-04T06:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ))),
d(k, lo, hi) AS (VALUES (0, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
pd(k, lo, hi) AS (VALUES (0, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ)), (0, CAST($7 AS TIMESTAMPTZ), CAST($8 AS TIMESTAMPTZ)))
SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT u.k, u.seg, u.session_hash
  FROM (
    SELECT wk.k AS k, CAST(r.platform AS TEXT) AS seg, r.session_hash AS session_hash
    FROM d
    JOIN w wk ON wk.k = d.k
    JOIN session_days r ON r.day >= d.lo AND r.day < d.hi
    WHERE r.day >= CAST($9 AS TIMESTAMPTZ) AND r.day < CAST($10 AS TIMESTAMPTZ) AND r.executed_count > 0 AND r.platform IS NOT NULL
    UNION ALL
    SELECT wk.k AS k, CAST(r.platform AS TEXT) AS seg, r.session_hash AS session_hash
    FROM pd
    JOIN w wk ON wk.k = pd.k
    JOIN session_days r ON r.day >= pd.lo AND r.day < pd.hi
    WHERE r.day >= CAST($11 AS TIMESTAMPTZ) AND r.day < CAST($12 AS TIMESTAMPTZ) AND r.executed_count > 0 AND r.executed_last_at >= wk.lo AND r.executed_first_at < wk.hi AND r.platform IS NOT NULL) u
  GROUP BY 1, 2, 3) x
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:40:00.000Z
--   $2 = 2026-03-04T06:14:00.000Z
--   $3 = 2026-03-03T00:00:00.000Z
--   $4 = 2026-03-04T00:00:00.000Z
--   $5 = 2026-03-02T00:00:00.000Z
--   $6 = 2026-03-03T00:00:00.000Z
--   $7 = 2026-03-04T00:00:00.000Z
--   $8 = 2026-03-05T00:00:00.000Z
--   $9 = 2026-03-03T00:00:00.000Z
--   $10 = 2026-03-04T00:00:00.000Z
--   $11 = 2026-03-02T00:00:00.000Z
--   $12 = 2026-03-05T00:00:00.000Z

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)))
SELECT w.k AS k, CAST(t.platform AS TEXT) AS seg, COUNT(DISTINCT t.session_hash) AS value, COUNT(DISTINCT t.session_hash) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = $3 AND t.platform IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:40:00.000Z
--   $2 = 2026-03-04T06:14:00.000Z
--   $3 = "COMMAND_EXECUTED"
