-- measure-percentile on sqlite
-- leaf: {"kind":"measure","source":"events","aggregate":"percentile","percentile":95,"field":"latencyMs","where":{"eventType":"COMMAND_GENERATED"}}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, CAST(t.platform AS TEXT) AS seg, percentile(t.latency_ms, 95) AS value, COUNT(t.latency_ms) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ? AND t.platform IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "COMMAND_GENERATED"

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?))
SELECT w.k AS k, CAST(t.platform AS TEXT) AS seg, percentile(t.latency_ms, 95) AS value, COUNT(t.latency_ms) AS n, 0 AS excluded
FROM w
JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi
WHERE t.event_type = ? AND t.platform IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = "COMMAND_GENERATED"
