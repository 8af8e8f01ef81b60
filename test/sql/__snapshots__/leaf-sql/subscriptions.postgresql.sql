-- subscriptions on postgresql
-- leaf: {"kind":"subscriptions","measure":"mrr"}
-- segmentBy: tier; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads subscription_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, s.tier AS seg, COALESCE(SUM(s.monthly_amount_cents), 0) / 100.0 AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN (
  SELECT account_id, kind, tier, monthly_amount_cents, timestamp AS t0, LEAD(timestamp) OVER (PARTITION BY account_id
    ORDER BY timestamp, event_id) AS t1
  FROM subscription_events
  WHERE timestamp < $5 ) s ON s.t0 < w.hi AND (s.t1 IS NULL OR s.t1 >= w.hi)
WHERE s.kind <> 'CANCELLED'
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 2026-03-16T00:00:00.000Z

-- source: raw (reads subscription_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ)))
SELECT w.k AS k, s.tier AS seg, COALESCE(SUM(s.monthly_amount_cents), 0) / 100.0 AS value, COUNT(*) AS n, 0 AS excluded
FROM w
JOIN (
  SELECT account_id, kind, tier, monthly_amount_cents, timestamp AS t0, LEAD(timestamp) OVER (PARTITION BY account_id
    ORDER BY timestamp, event_id) AS t1
  FROM subscription_events
  WHERE timestamp < $5 ) s ON s.t0 < w.hi AND (s.t1 IS NULL OR s.t1 >= w.hi)
WHERE s.kind <> 'CANCELLED'
GROUP BY 1, 2
;
-- parameters:
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 2026-03-16T00:00:00.000Z
