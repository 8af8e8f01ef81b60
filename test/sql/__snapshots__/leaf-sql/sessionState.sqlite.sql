-- sessionState on sqlite
-- leaf: {"kind":"sessionState","field":"pluginCount","match":{"gte":1}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, telemetry_events (latest values))
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
d(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
states AS MATERIALIZED (
  SELECT a.k, (
    SELECT e.plugin_count
    FROM telemetry_events e
    WHERE e.session_hash = a.session_hash AND e.timestamp < a.hi AND e.plugin_count IS NOT NULL
    ORDER BY e.timestamp DESC, e.event_id DESC LIMIT 1) AS plugin_count
  FROM (
    SELECT x.k AS k, x.hi AS hi, x.session_hash AS session_hash, x.seg AS seg
    FROM (
      SELECT d.k AS k, wk.hi AS hi, r.session_hash AS session_hash, NULL AS seg
      FROM d
      JOIN w wk ON wk.k = d.k
      JOIN session_days r ON r.day >= d.lo AND r.day < d.hi
      WHERE r.day >= ? AND r.day < ? AND r.executed_count > 0) x
    GROUP BY 1, 2, 3, 4
    ORDER BY session_hash) a)
SELECT 0 AS i, c.*
FROM (
  SELECT l.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
  FROM states l
  WHERE l.plugin_count IS NOT NULL AND l.plugin_count >= ?
  GROUP BY 1, 2) c
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
--   ?11 = 1

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT l.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT a.k, (
    SELECT e.plugin_count
    FROM telemetry_events e
    WHERE e.session_hash = a.session_hash AND e.timestamp < a.hi AND e.plugin_count IS NOT NULL
    ORDER BY e.timestamp DESC, e.event_id DESC LIMIT 1) AS plugin_count
  FROM (
    SELECT DISTINCT w.k AS k, w.hi AS hi, t.session_hash AS session_hash
    FROM w
    JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
    WHERE t.event_type = 'COMMAND_EXECUTED') a) l
WHERE l.plugin_count IS NOT NULL AND l.plugin_count >= ?
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1
