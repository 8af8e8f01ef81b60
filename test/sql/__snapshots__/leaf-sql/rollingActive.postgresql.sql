-- rollingActive on postgresql
-- leaf: {"kind":"rollingActive","days":7}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH wa(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT wa.k AS k, x.seg AS seg, SUM(x.delta) AS value, SUM(x.delta) AS n, 0 AS excluded
FROM wa
JOIN (
  SELECT seg, t, SUM(delta) AS delta
  FROM (
    SELECT c.seg AS seg, CASE WHEN e.delta = 1 THEN c.starts ELSE (c.stops + interval '86400000 milliseconds') END AS t, e.delta AS delta
    FROM (
      SELECT seg, (day + interval '86400000 milliseconds') AS starts, CASE WHEN next_day < (day + interval '604800000 milliseconds') THEN next_day ELSE (day + interval '604800000 milliseconds') END AS stops
      FROM (
        SELECT seg, day, LEAD(day) OVER (PARTITION BY session_hash, seg
          ORDER BY day) AS next_day
        FROM (
          SELECT r.session_hash AS session_hash, CAST(r.platform AS TEXT) AS seg, r.day AS day
          FROM session_days r
          WHERE r.day >= $5 AND r.day < $6 AND r.executed_count > 0 AND r.platform IS NOT NULL
          GROUP BY 1, 2, 3) a) l) c CROSS
    JOIN (
      SELECT 1 AS delta
      UNION ALL
      SELECT -1) e) u
  GROUP BY 1, 2) x ON x.t <= wa.hi
GROUP BY 1, 2
HAVING SUM(x.delta) > 0
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
SELECT a.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT DISTINCT w.k AS k, w.hi AS hi, t.session_hash AS session_hash, CAST(t.platform AS TEXT) AS seg
  FROM w
  JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
  WHERE t.event_type = 'COMMAND_EXECUTED' AND t.platform IS NOT NULL) a
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
