-- gauge on sqlite
-- leaf: {"kind":"gauge","gauge":"github.stars"}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads gauge_observations)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, g.value AS value, 1 AS n, 0 AS excluded
FROM w
JOIN gauge_observations g ON g.source = ? AND g.name = ? AND g.observed_at = (
  SELECT MAX(observed_at)
  FROM gauge_observations
  WHERE source = ? AND name = ? AND observed_at < w.hi)
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "github"
--   ?6 = "stars"
--   ?7 = "github"
--   ?8 = "stars"

-- source: raw (reads gauge_observations)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, g.value AS value, 1 AS n, 0 AS excluded
FROM w
JOIN gauge_observations g ON g.source = ? AND g.name = ? AND g.observed_at = (
  SELECT MAX(observed_at)
  FROM gauge_observations
  WHERE source = ? AND name = ? AND observed_at < w.hi)
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "github"
--   ?6 = "stars"
--   ?7 = "github"
--   ?8 = "stars"
