-- measure-audits-count on sqlite
-- leaf: {"kind":"measure","source":"audits","aggregate":"count","where":{"verdict":["TRUE_POSITIVE","FALSE_NEGATIVE"]}}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads safety_audits)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN safety_audits t ON t.audited_at >= w.lo AND t.audited_at < w.hi
WHERE t.verdict IN (?, ?)
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "TRUE_POSITIVE"
--   ?6 = "FALSE_NEGATIVE"

-- source: raw (reads safety_audits)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN safety_audits t ON t.audited_at >= w.lo AND t.audited_at < w.hi
WHERE t.verdict IN (?, ?)
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "TRUE_POSITIVE"
--   ?6 = "FALSE_NEGATIVE"
