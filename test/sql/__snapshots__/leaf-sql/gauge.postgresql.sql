-- gauge on postgresql
-- leaf: {"kind":"gauge","gauge":"github.stars"}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads gauge_observations)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, g.value AS value, 1 AS n, 0 AS excluded
FROM w
JOIN gauge_observations g ON g.source = $5 AND g.name = $6 AND g.observed_at = (
  SELECT MAX(observed_at)
  FROM gauge_observations
  WHERE source = $7 AND name = $8 AND observed_at < w.hi)
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "github"
--   $6 = "stars"
--   $7 = "github"
--   $8 = "stars"

-- source: raw (reads gauge_observations)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, NULL AS seg, g.value AS value, 1 AS n, 0 AS excluded
FROM w
JOIN gauge_observations g ON g.source = $5 AND g.name = $6 AND g.observed_at = (
  SELECT MAX(observed_at)
  FROM gauge_observations
  WHERE source = $7 AND name = $8 AND observed_at < w.hi)
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "github"
--   $6 = "stars"
--   $7 = "github"
--   $8 = "stars"
