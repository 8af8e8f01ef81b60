-- measure-avg on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"avg","field":"cpuPercent"}
-- segmentBy: backend; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads event_detail_days)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
d(k, lo, hi) AS (VALUES (0, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ)), (1, CAST($7 AS TIMESTAMPTZ), CAST($8 AS TIMESTAMPTZ))),
g AS (
  SELECT x.k AS k, x.seg AS seg, SUM(x.s0) AS s0, SUM(x.n0) AS n0, MIN(x.lo0) AS lo0, MAX(x.hi0) AS hi0
  FROM (
    SELECT d.k AS k, CAST(r.backend AS TEXT) AS seg, r.cpu_percent_sum AS s0, r.cpu_percent_n AS n0, r.cpu_percent_min AS lo0, r.cpu_percent_max AS hi0
    FROM d
    JOIN w wk ON wk.k = d.k
    JOIN event_detail_days r ON r.day >= d.lo AND r.day < d.hi
    WHERE r.day >= CAST($9 AS TIMESTAMPTZ) AND r.day < CAST($10 AS TIMESTAMPTZ) AND r.backend IS NOT NULL) x
  GROUP BY 1, 2)
SELECT 0 AS i, g.k AS k, g.seg AS seg, 1.0 * g.s0 / NULLIF(g.n0, 0) AS value, g.n0 AS n, 0 AS excluded
FROM g
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

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, CAST(t.backend AS TEXT) AS seg, AVG(t.cpu_percent) AS value, COUNT(t.cpu_percent) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.backend IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
