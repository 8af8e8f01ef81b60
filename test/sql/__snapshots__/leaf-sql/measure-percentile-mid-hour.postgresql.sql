-- measure-percentile-mid-hour on postgresql
-- leaf: {"kind":"measure","source":"events","aggregate":"percentile","percentile":95,"field":"latencyMs","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: backend; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-04T06:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads generation_latency_days, generation_latency_hours, telemetry_events (partial hours))
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ))),
d(k, lo, hi) AS (VALUES (0, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
ps(i, p) AS (VALUES (0, 0.95)),
h AS (
  SELECT k, seg, v, SUM(c) AS c
  FROM (
    SELECT d.k AS k, CAST(r.backend AS TEXT) AS seg, r.latency_ms AS v, r.events_count AS c
    FROM d
    JOIN w wk ON wk.k = d.k
    JOIN generation_latency_days r ON r.day >= d.lo AND r.day < d.hi
    WHERE r.day >= CAST($5 AS TIMESTAMPTZ) AND r.day < CAST($6 AS TIMESTAMPTZ) AND r.backend IS NOT NULL AND r.latency_ms IS NOT NULL
    UNION ALL
    SELECT wk.k AS k, CAST(r.backend AS TEXT) AS seg, r.latency_ms AS v, r.events_count AS c
    FROM w wk CROSS
    JOIN generation_latency_hours r
    WHERE wk.k = 0 AND r.hour >= CAST($7 AS TIMESTAMPTZ) AND r.hour < CAST($8 AS TIMESTAMPTZ) AND r.backend IS NOT NULL AND r.latency_ms IS NOT NULL
    UNION ALL
    SELECT wk.k AS k, CAST(r.backend AS TEXT) AS seg, r.latency_ms AS v, r.events_count AS c
    FROM w wk CROSS
    JOIN generation_latency_hours r
    WHERE wk.k = 0 AND r.hour >= CAST($9 AS TIMESTAMPTZ) AND r.hour < CAST($10 AS TIMESTAMPTZ) AND r.backend IS NOT NULL AND r.latency_ms IS NOT NULL
    UNION ALL
    SELECT wk.k AS k, CAST(t.backend AS TEXT) AS seg, t.latency_ms AS v, COUNT(*) AS c
    FROM w wk CROSS
    JOIN telemetry_events t
    WHERE wk.k = 0 AND t.timestamp >= CAST($11 AS TIMESTAMPTZ) AND t.timestamp < CAST($12 AS TIMESTAMPTZ) AND t.event_type = $13 AND t.backend IS NOT NULL AND t.latency_ms IS NOT NULL
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT wk.k AS k, CAST(t.backend AS TEXT) AS seg, t.latency_ms AS v, COUNT(*) AS c
    FROM w wk CROSS
    JOIN telemetry_events t
    WHERE wk.k = 0 AND t.timestamp >= CAST($14 AS TIMESTAMPTZ) AND t.timestamp < CAST($15 AS TIMESTAMPTZ) AND t.event_type = $16 AND t.backend IS NOT NULL AND t.latency_ms IS NOT NULL
    GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3),
ranked AS (
  SELECT k, seg, v, SUM(c) OVER (PARTITION BY k, seg
    ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto, SUM(c) OVER (PARTITION BY k, seg) AS total
  FROM h),
located AS (
  SELECT i, k, seg, MAX(total) AS total, MAX(pos) AS pos, MIN(CASE WHEN upto > FLOOR(pos) THEN v END) AS lo, MIN(CASE WHEN upto > CEIL(pos) THEN v END) AS hi
  FROM (
    SELECT ranked.*, ps.i AS i, ps.p * (total - 1) AS pos
    FROM ranked CROSS
    JOIN ps) q
  GROUP BY 1, 2, 3)
SELECT i, k, seg, lo + (hi - lo) * (pos - FLOOR(pos)) AS value, total AS n, 0 AS excluded
FROM located
;
-- parameters:
--   $1 = 2026-03-02T12:40:00.000Z
--   $2 = 2026-03-04T06:14:00.000Z
--   $3 = 2026-03-03T00:00:00.000Z
--   $4 = 2026-03-04T00:00:00.000Z
--   $5 = 2026-03-03T00:00:00.000Z
--   $6 = 2026-03-04T00:00:00.000Z
--   $7 = 2026-03-02T13:00:00.000Z
--   $8 = 2026-03-03T00:00:00.000Z
--   $9 = 2026-03-04T00:00:00.000Z
--   $10 = 2026-03-04T06:00:00.000Z
--   $11 = 2026-03-02T12:40:00.000Z
--   $12 = 2026-03-02T13:00:00.000Z
--   $13 = "COMMAND_GENERATED"
--   $14 = 2026-03-04T06:00:00.000Z
--   $15 = 2026-03-04T06:14:00.000Z
--   $16 = "COMMAND_GENERATED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)))
SELECT w.k AS k, CAST(t.backend AS TEXT) AS seg, percentile_cont(0.95) WITHIN GROUP (
  ORDER BY t.latency_ms) AS value, COUNT(t.latency_ms) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = $3 AND t.backend IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T12:40:00.000Z
--   $2 = 2026-03-04T06:14:00.000Z
--   $3 = "COMMAND_GENERATED"
