-- newSessions on postgresql
-- leaf: {"kind":"newSessions"}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_first_seen)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT x.k AS k, x.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT w.k AS k, f.session_hash AS session_hash, f.seg AS seg
  FROM w
  JOIN (
    SELECT f.session_hash AS session_hash, f.first_seen AS first_seen, CAST(f.platform AS TEXT) AS seg
    FROM session_first_seen f
    WHERE TRUE) f ON f.first_seen >= w.lo AND f.first_seen < w.hi) x
WHERE x.seg IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT x.k AS k, a.seg AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT w.k AS k, f.session_hash AS session_hash
  FROM w
  JOIN (
    SELECT session_hash, MIN(timestamp) AS first_seen
    FROM telemetry_events
    WHERE session_hash IN (
      SELECT t.session_hash
      FROM w
      JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi)
    GROUP BY session_hash) f ON f.first_seen >= w.lo AND f.first_seen < w.hi) x
JOIN (
  SELECT s.session_hash, (
    SELECT CAST(a.platform AS TEXT)
    FROM telemetry_events a
    WHERE a.session_hash = s.session_hash AND a.platform IS NOT NULL
    ORDER BY a.timestamp, a.event_id LIMIT 1) AS seg
  FROM (
    SELECT DISTINCT session_hash
    FROM (
      SELECT w.k AS k, f.session_hash AS session_hash
      FROM w
      JOIN (
        SELECT session_hash, MIN(timestamp) AS first_seen
        FROM telemetry_events
        WHERE session_hash IN (
          SELECT t.session_hash
          FROM w
          JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi)
        GROUP BY session_hash) f ON f.first_seen >= w.lo AND f.first_seen < w.hi) y) s) a ON a.session_hash = x.session_hash
WHERE a.seg IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
