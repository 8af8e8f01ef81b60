-- measure-count-mid-day on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"count","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T12:00:00.000Z, 2026-03-04T06:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads event_days, event_hours)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ))),
d(k, lo, hi) AS (VALUES (0, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT x.k AS k, x.seg AS seg, SUM(x.c) AS value, SUM(x.c) AS n, 0 AS excluded
FROM (
  SELECT d.k AS k, NULL AS seg, r.events_count AS c
  FROM d
  JOIN w wk ON wk.k = d.k
  JOIN event_days r ON r.day >= d.lo AND r.day < d.hi
  WHERE r.day >= CAST($5 AS TIMESTAMPTZ) AND r.day < CAST($6 AS TIMESTAMPTZ) AND r.event_type = $7
  UNION ALL
  SELECT wk.k AS k, NULL AS seg, r.events_count AS c
  FROM w wk CROSS
  JOIN event_hours r
  WHERE wk.k = 0 AND r.hour >= CAST($8 AS TIMESTAMPTZ) AND r.hour < CAST($9 AS TIMESTAMPTZ) AND r.event_type = $10
  UNION ALL
  SELECT wk.k AS k, NULL AS seg, r.events_count AS c
  FROM w wk CROSS
  JOIN event_hours r
  WHERE wk.k = 0 AND r.hour >= CAST($11 AS TIMESTAMPTZ) AND r.hour < CAST($12 AS TIMESTAMPTZ) AND r.event_type = $13) x
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:00:00.000Z
--   $2 = 2026-03-04T06:00:00.000Z
--   $3 = 2026-03-03T00:00:00.000Z
--   $4 = 2026-03-04T00:00:00.000Z
--   $5 = 2026-03-03T00:00:00.000Z
--   $6 = 2026-03-04T00:00:00.000Z
--   $7 = "COMMAND_GENERATED"
--   $8 = 2026-03-02T12:00:00.000Z
--   $9 = 2026-03-03T00:00:00.000Z
--   $10 = "COMMAND_GENERATED"
--   $11 = 2026-03-04T00:00:00.000Z
--   $12 = 2026-03-04T06:00:00.000Z
--   $13 = "COMMAND_GENERATED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = $3
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:00:00.000Z
--   $2 = 2026-03-04T06:00:00.000Z
--   $3 = "COMMAND_GENERATED"
