-- measure-count-mid-day on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"count","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T12:00:00.000Z, 2026-03-04T06:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads event_days, event_hours)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?)),
d(k, lo, hi) AS (VALUES (0, ?, ?)),
hr(k, lo, hi) AS (VALUES (0, ?, ?), (0, ?, ?))
SELECT x.k AS k, x.seg AS seg, SUM(x.c) AS value, SUM(x.c) AS n, 0 AS excluded
FROM (
  SELECT d.k AS k, NULL AS seg, r.events_count AS c
  FROM d
  JOIN w wk ON wk.k = d.k
  JOIN event_days r ON r.day >= d.lo AND r.day < d.hi
  WHERE r.day >= ? AND r.day < ? AND r.event_type = ?
  UNION ALL
  SELECT hr.k AS k, NULL AS seg, r.events_count AS c
  FROM hr
  JOIN w wk ON wk.k = hr.k
  JOIN event_hours r ON r.hour >= hr.lo AND r.hour < hr.hi
  WHERE r.event_type = ?) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772452800000
--   ?2 = 1772604000000
--   ?3 = 1772496000000
--   ?4 = 1772582400000
--   ?5 = 1772452800000
--   ?6 = 1772496000000
--   ?7 = 1772582400000
--   ?8 = 1772604000000
--   ?9 = 1772496000000
--   ?10 = 1772582400000
--   ?11 = "COMMAND_GENERATED"
--   ?12 = "COMMAND_GENERATED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ?
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772452800000
--   ?2 = 1772604000000
--   ?3 = "COMMAND_GENERATED"
