-- measure-percentile-mid-hour on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"percentile","percentile":95,"field":"latencyMs","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: backend; filter: {}; windows: [2026-03-02T12:40:00.000Z, 2026-03-04T06:14:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads generation_latency_days, generation_latency_hours, telemetry_events (partial hours))
WITH w(k, lo, hi) AS (VALUES (0, ?, ?)),
d(k, lo, hi) AS (VALUES (0, ?, ?)),
hr(k, lo, hi) AS (VALUES (0, ?, ?), (0, ?, ?)),
e(k, lo, hi) AS (VALUES (0, ?, ?), (0, ?, ?)),
ps(i, p) AS (VALUES (0, 95)),
h AS (
  SELECT k, seg, v, SUM(c) AS c
  FROM (
    SELECT d.k AS k, CAST(r.backend AS TEXT) AS seg, r.latency_ms AS v, r.events_count AS c
    FROM d
    JOIN w wk ON wk.k = d.k
    JOIN generation_latency_days r ON r.day >= d.lo AND r.day < d.hi
    WHERE r.day >= ? AND r.day < ? AND r.backend IS NOT NULL AND r.latency_ms IS NOT NULL
    UNION ALL
    SELECT hr.k AS k, CAST(r.backend AS TEXT) AS seg, r.latency_ms AS v, r.events_count AS c
    FROM hr
    JOIN w wk ON wk.k = hr.k
    JOIN generation_latency_hours r ON r.hour >= hr.lo AND r.hour < hr.hi
    WHERE r.backend IS NOT NULL AND r.latency_ms IS NOT NULL
    UNION ALL
    SELECT e.k AS k, CAST(t.backend AS TEXT) AS seg, t.latency_ms AS v, COUNT(*) AS c
    FROM e
    JOIN w wk ON wk.k = e.k
    JOIN telemetry_events t ON t.timestamp >= e.lo AND t.timestamp < e.hi
    WHERE t.event_type = ? AND t.backend IS NOT NULL AND t.latency_ms IS NOT NULL
    GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3),
ranked AS (
  SELECT k, seg, v, SUM(c) OVER (PARTITION BY k, seg
    ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto, SUM(c) OVER (PARTITION BY k, seg) AS total
  FROM h),
located AS (
  SELECT i, k, seg, MAX(total) AS total, MAX(pos) AS pos, MIN(CASE WHEN upto > FLOOR(pos) THEN v END) AS lo, MIN(CASE WHEN upto > CEIL(pos) THEN v END) AS hi
  FROM (
    SELECT ranked.*, ps.i AS i, (total - 1) * ps.p * 0.01 AS pos
    FROM ranked CROSS
    JOIN ps) q
  GROUP BY 1, 2, 3)
SELECT i, k, seg, lo + (hi - lo) * (pos - FLOOR(pos)) AS value, total AS n, 0 AS excluded
FROM located
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772604840000
--   ?3 = 1772496000000
--   ?4 = 1772582400000
--   ?5 = 1772456400000
--   ?6 = 1772496000000
--   ?7 = 1772582400000
--   ?8 = 1772604000000
--   ?9 = 1772455200000
--   ?10 = 1772456400000
--   ?11 = 1772604000000
--   ?12 = 1772604840000
--   ?13 = 1772496000000
--   ?14 = 1772582400000
--   ?15 = "COMMAND_GENERATED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?))
SELECT w.k AS k, CAST(t.backend AS TEXT) AS seg, percentile(t.latency_ms, 95) AS value, COUNT(t.latency_ms) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ? AND t.backend IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772455200000
--   ?2 = 1772604840000
--   ?3 = "COMMAND_GENERATED"
