-- measure-surveys-avg on postgresql
-- leaf: {"kind":"measure","source":"surveys","aggregate":"avg","field":"score","where":{"survey":"CSAT"}}
-- segmentBy: persona; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, CAST(t.persona AS TEXT) AS seg, AVG(t.score) AS value, COUNT(t.score) AS n, 0 AS excluded
FROM w
JOIN survey_responses t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.survey = $5 AND t.persona IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "CSAT"

-- source: raw (reads survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, CAST(t.persona AS TEXT) AS seg, AVG(t.score) AS value, COUNT(t.score) AS n, 0 AS excluded
FROM w
JOIN survey_responses t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.survey = $5 AND t.persona IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = "CSAT"
