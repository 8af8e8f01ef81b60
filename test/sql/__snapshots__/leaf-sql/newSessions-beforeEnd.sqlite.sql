-- newSessions-beforeEnd on sqlite
-- leaf: {"kind":"newSessions","firstSeen":"beforeEnd"}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_first_seen), cumulative: slices 0, 1
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT w.k AS k, f.session_hash AS session_hash
  FROM w
  JOIN (
    SELECT f.session_hash AS session_hash, f.first_seen AS first_seen, NULL AS seg
    FROM session_first_seen f
    WHERE TRUE) f ON f.first_seen >= w.lo AND f.first_seen < w.hi) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 0
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000

-- source: raw (reads telemetry_events), cumulative: slices 0, 1
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT x.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM (
  SELECT w.k AS k, f.session_hash AS session_hash
  FROM w
  JOIN (
    SELECT session_hash, MIN(timestamp) AS first_seen
    FROM telemetry_events
    WHERE timestamp < ?
    GROUP BY session_hash) f ON f.first_seen >= w.lo AND f.first_seen < w.hi) x
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 0
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1773619200000
