-- measure-count-filtered on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"count","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: none; filter: {"platform":["macos-arm64","linux-x64"]}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads event_days)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
d(k, lo, hi) AS (VALUES (0, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ)), (1, CAST($7 AS TIMESTAMPTZ), CAST($8 AS TIMESTAMPTZ)))
SELECT x.k AS k, x.seg AS seg, SUM(x.c) AS value, SUM(x.c) AS n, 0 AS excluded
FROM (
  SELECT d.k AS k, NULL AS seg, r.events_count AS c
  FROM d
  JOIN w wk ON wk.k = d.k
  JOIN event_days r ON r.day >= d.lo AND r.day < d.hi
  WHERE r.day >= CAST($9 AS TIMESTAMPTZ) AND r.day < CAST($10 AS TIMESTAMPTZ) AND r.event_type = $11 AND CAST(r.platform AS TEXT) IN ($12, $13)) x
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 2026-03-02T00:00:00.000Z
--   $6 = 2026-03-09T00:00:00.000Z
--   $7 = 2026-03-09T00:00:00.000Z
--   $8 = 2026-03-16T00:00:00.000Z
--   $9 = 2026-03-02T00:00:00.000Z
--   $10 = 2026-03-16T00:00:00.000Z
--   $11 = "COMMAND_GENERATED"
--   $12 = "macos-arm64"
--   $13 = "linux-x64"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = $5 AND CAST(t.platform AS TEXT) IN ($6, $7)
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "COMMAND_GENERATED"
--   $6 = "macos-arm64"
--   $7 = "linux-x64"
