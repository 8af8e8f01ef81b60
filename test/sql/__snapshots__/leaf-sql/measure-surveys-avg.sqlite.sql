-- measure-surveys-avg on sqlite
-- leaf: {"kind":"measure","source":"surveys","aggregate":"avg","field":"score","where":{"survey":"CSAT"}}
-- segmentBy: persona; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, CAST(t.persona AS TEXT) AS seg, AVG(t.score) AS value, COUNT(t.score) AS n, 0 AS excluded
FROM w
JOIN survey_responses t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.survey = ? AND t.persona IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "CSAT"

-- source: raw (reads survey_responses)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, CAST(t.persona AS TEXT) AS seg, AVG(t.score) AS value, COUNT(t.score) AS n, 0 AS excluded
FROM w
JOIN survey_responses t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.survey = ? AND t.persona IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "CSAT"
