-- measure-count-filtered on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"count","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: none; filter: {"platform":["macos-arm64","linux-x64"]}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads event_days)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
d(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT x.k AS k, x.seg AS seg, SUM(x.c) AS value, SUM(x.c) AS n, 0 AS excluded
FROM (
  SELECT d.k AS k, NULL AS seg, r.events_count AS c
  FROM d
  JOIN w wk ON wk.k = d.k
  JOIN event_days r ON r.day >= d.lo AND r.day < d.hi
  WHERE r.day >= ? AND r.day < ? AND r.event_type = ? AND CAST(r.platform AS TEXT) IN (?, ?)) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1772409600000
--   ?6 = 1773014400000
--   ?7 = 1773014400000
--   ?8 = 1773619200000
--   ?9 = 1772409600000
--   ?10 = 1773619200000
--   ?11 = "COMMAND_GENERATED"
--   ?12 = "macos-arm64"
--   ?13 = "linux-x64"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ? AND CAST(t.platform AS TEXT) IN (?, ?)
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "COMMAND_GENERATED"
--   ?6 = "macos-arm64"
--   ?7 = "linux-x64"
