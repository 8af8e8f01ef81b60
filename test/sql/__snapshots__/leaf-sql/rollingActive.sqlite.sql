-- rollingActive on sqlite
-- leaf: {"kind":"rollingActive","days":7}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days)
WITH wa(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT wa.k AS k, x.seg AS seg, SUM(x.delta) AS value, SUM(x.delta) AS n, 0 AS excluded
FROM wa
JOIN (
  SELECT seg, t, SUM(delta) AS delta
  FROM (
    SELECT c.seg AS seg, CASE WHEN e.delta = 1 THEN c.starts ELSE (c.stops + 86400000) END AS t, e.delta AS delta
    FROM (
      SELECT seg, (day + 86400000) AS starts, CASE WHEN next_day < (day + 604800000) THEN next_day ELSE (day + 604800000) END AS stops
      FROM (
        SELECT seg, day, LEAD(day) OVER (PARTITION BY session_hash, seg
          ORDER BY day) AS next_day
        FROM (
          SELECT r.session_hash AS session_hash, CAST(r.platform AS TEXT) AS seg, r.day AS day
          FROM session_days r
          WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0 AND r.platform IS NOT NULL
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
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1772409600000
--   ?6 = 1773619200000

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT a.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT DISTINCT w.k AS k, w.hi AS hi, t.session_hash AS session_hash, CAST(t.platform AS TEXT) AS seg
  FROM w
  JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
  WHERE t.event_type = 'COMMAND_EXECUTED' AND t.platform IS NOT NULL) a
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
