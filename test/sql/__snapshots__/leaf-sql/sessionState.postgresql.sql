-- sessionState on postgresql
-- leaf: {"kind":"sessionState","field":"pluginCount","match":{"gte":1}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_days, telemetry_events (latest values))
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
d(k, lo, hi) AS (VALUES (0, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ)), (1, CAST($7 AS TIMESTAMPTZ), CAST($8 AS TIMESTAMPTZ))),
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
      WHERE r.day >= CAST($9 AS TIMESTAMPTZ) AND r.day < CAST($10 AS TIMESTAMPTZ) AND r.executed_count > 0) x
    GROUP BY 1, 2, 3, 4
    ORDER BY session_hash) a)
SELECT 0 AS i, c.*
FROM (
  SELECT l.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
  FROM states l
  WHERE l.plugin_count IS NOT NULL AND l.plugin_count >= $11
  GROUP BY 1, 2) c
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
--   $11 = 1

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
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
WHERE l.plugin_count IS NOT NULL AND l.plugin_count >= $5
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 1
