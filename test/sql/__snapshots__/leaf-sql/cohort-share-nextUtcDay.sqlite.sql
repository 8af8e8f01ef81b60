-- cohort-share-nextUtcDay on sqlite
-- leaf: {"kind":"cohort","condition":{"eventType":"COMMAND_EXECUTED"},"period":"nextUtcDay","result":"share"}
-- segmentBy: none; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_first_seen, session_days, telemetry_events (partial days))
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
o AS MATERIALIZED (
  WITH p AS MATERIALIZED (
    SELECT q.*, CASE WHEN ((q.ps_0 / 86400000) * 86400000) = q.ps_0 THEN q.ps_0 ELSE (((q.ps_0 / 86400000) * 86400000) + 86400000) END AS ps_up_0, ((q.pe_0 / 86400000) * 86400000) AS pe_down_0
    FROM (
      SELECT c.session_hash, c.first_seen, c.seg, c.ks, (((c.first_seen / 86400000) * 86400000) + 86400000) AS ps_0, (((c.first_seen / 86400000) * 86400000) + 172800000) AS pe_0
      FROM (
        SELECT f.session_hash, f.first_seen, f.seg, json_group_array(w.k) AS ks
        FROM w
        JOIN (
          SELECT f.session_hash AS session_hash, f.first_seen AS first_seen, NULL AS seg
          FROM session_first_seen f
          WHERE TRUE) f ON f.first_seen >= w.lo AND f.first_seen < w.hi
        GROUP BY 1, 2, 3) c ) q),
  z AS MATERIALIZED (
    SELECT p.first_seen, p.seg, p.ks, p.pe_0, CASE WHEN p.pe_0 <= ? THEN 1 ELSE 0 END AS over_0, CASE WHEN p.pe_0 <= ? THEN (
      SELECT CASE WHEN p.ps_0 <> p.ps_up_0 THEN CASE WHEN COALESCE(SUM(CASE WHEN s.day = (p.ps_up_0 + -86400000) THEN s.executed_count END), 0) = 0 THEN 0 WHEN MIN(CASE WHEN s.day = (p.ps_up_0 + -86400000) THEN s.executed_first_at END) >= p.ps_0 AND MAX(CASE WHEN s.day = (p.ps_up_0 + -86400000) THEN s.executed_last_at END) < CASE WHEN p.ps_up_0 < p.pe_0 THEN p.ps_up_0 ELSE p.pe_0 END THEN SUM(CASE WHEN s.day = (p.ps_up_0 + -86400000) THEN s.executed_count END) WHEN MAX(CASE WHEN s.day = (p.ps_up_0 + -86400000) THEN s.executed_last_at END) < p.ps_0 OR MIN(CASE WHEN s.day = (p.ps_up_0 + -86400000) THEN s.executed_first_at END) >= CASE WHEN p.ps_up_0 < p.pe_0 THEN p.ps_up_0 ELSE p.pe_0 END THEN 0 ELSE (
        SELECT COUNT(*)
        FROM telemetry_events e
        WHERE e.session_hash = p.session_hash AND e.event_type = ? AND e.timestamp >= p.ps_0 AND e.timestamp < CASE WHEN p.ps_up_0 < p.pe_0 THEN p.ps_up_0 ELSE p.pe_0 END) END ELSE 0 END + COALESCE(SUM(CASE WHEN s.day >= p.ps_up_0 AND s.day < p.pe_down_0 THEN s.executed_count END), 0) + CASE WHEN p.pe_0 <> p.pe_down_0 AND p.pe_down_0 >= p.ps_up_0 THEN CASE WHEN COALESCE(SUM(CASE WHEN s.day = p.pe_down_0 THEN s.executed_count END), 0) = 0 THEN 0 WHEN MIN(CASE WHEN s.day = p.pe_down_0 THEN s.executed_first_at END) >= p.pe_down_0 AND MAX(CASE WHEN s.day = p.pe_down_0 THEN s.executed_last_at END) < p.pe_0 THEN SUM(CASE WHEN s.day = p.pe_down_0 THEN s.executed_count END) WHEN MAX(CASE WHEN s.day = p.pe_down_0 THEN s.executed_last_at END) < p.pe_down_0 OR MIN(CASE WHEN s.day = p.pe_down_0 THEN s.executed_first_at END) >= p.pe_0 THEN 0 ELSE (
        SELECT COUNT(*)
        FROM telemetry_events e
        WHERE e.session_hash = p.session_hash AND e.event_type = ? AND e.timestamp >= p.pe_down_0 AND e.timestamp < p.pe_0) END ELSE 0 END
      FROM session_days s
      WHERE s.session_hash = p.session_hash AND s.day >= (p.ps_up_0 + -86400000) AND s.day <= p.pe_down_0) END AS outcome_0
    FROM p)
  SELECT z.first_seen, z.seg, z.ks, z.over_0 AS over_0, CASE WHEN z.over_0 = 1 AND z.outcome_0 >= ? THEN 1 ELSE 0 END AS met_0
  FROM z),
j AS (
  SELECT w.value AS k, o.seg, o.over_0, o.met_0
  FROM o CROSS
  JOIN json_each(o.ks) w)
SELECT 0 AS i, j.k AS k, NULL AS seg, 1.0 * SUM(j.over_0 * j.met_0) / NULLIF(SUM(j.over_0), 0) AS value, SUM(j.over_0) AS n, SUM(1 - j.over_0) AS excluded
FROM j
GROUP BY 2, 3
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1773309600000
--   ?6 = 1773309600000
--   ?7 = "COMMAND_EXECUTED"
--   ?8 = "COMMAND_EXECUTED"
--   ?9 = 1

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
o AS MATERIALIZED (
  SELECT p.first_seen, p.seg, p.ks, CASE WHEN p.period_end <= ? THEN 1 ELSE 0 END AS over_0, CASE WHEN p.period_end <= ? AND (
    SELECT COUNT(*)
    FROM telemetry_events e
    WHERE e.session_hash = p.session_hash AND e.event_type = ? AND e.timestamp >= p.period_start AND e.timestamp < p.period_end) >= ? THEN 1 ELSE 0 END AS met_0
  FROM (
    SELECT c.session_hash, c.first_seen, c.ks, NULL AS seg, (((c.first_seen / 86400000) * 86400000) + 86400000) AS period_start, (((c.first_seen / 86400000) * 86400000) + 172800000) AS period_end
    FROM (
      SELECT f.session_hash, f.first_seen, json_group_array(w.k) AS ks
      FROM w
      JOIN (
        SELECT session_hash, MIN(timestamp) AS first_seen
        FROM telemetry_events
        WHERE session_hash IN (
          SELECT t.session_hash
          FROM w
          JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi)
        GROUP BY session_hash) f ON f.first_seen >= w.lo AND f.first_seen < w.hi
      WHERE TRUE
      GROUP BY 1, 2) c ) p),
j AS (
  SELECT w.value AS k, o.seg, o.over_0, o.met_0
  FROM o CROSS
  JOIN json_each(o.ks) w)
SELECT 0 AS i, j.k AS k, NULL AS seg, 1.0 * SUM(j.over_0 * j.met_0) / NULLIF(SUM(j.over_0), 0) AS value, SUM(j.over_0) AS n, SUM(1 - j.over_0) AS excluded
FROM j
GROUP BY 2, 3
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 1773309600000
--   ?6 = 1773309600000
--   ?7 = "COMMAND_EXECUTED"
--   ?8 = 1
