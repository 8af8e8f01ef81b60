-- cohort-share on sqlite
-- leaf: {"kind":"cohort","condition":{"eventType":"COMMAND_EXECUTED","where":{"success":true},"atLeast":3},"period":{"offsetDays":0,"days":7},"result":"share"}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_first_seen, session_days, telemetry_events (partial days))
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
o AS MATERIALIZED (
  SELECT z.session_hash, z.first_seen, z.seg, z.over, CASE WHEN z.over = 1 AND z.outcome >= ? THEN 1 ELSE 0 END AS met
  FROM (
    SELECT p.session_hash, p.first_seen, p.seg, p.pe, CASE WHEN p.pe <= ? THEN 1 ELSE 0 END AS over, CASE WHEN p.pe <= ? THEN (CASE WHEN p.ps <> p.ps_up THEN (
        SELECT CASE WHEN COALESCE(SUM(s.executed_ok_count), 0) = 0 THEN 0 WHEN MIN(s.executed_ok_first_at) >= p.ps AND MAX(s.executed_ok_last_at) < CASE WHEN p.ps_up < p.pe THEN p.ps_up ELSE p.pe END THEN SUM(s.executed_ok_count) WHEN MAX(s.executed_ok_last_at) < p.ps OR MIN(s.executed_ok_first_at) >= CASE WHEN p.ps_up < p.pe THEN p.ps_up ELSE p.pe END THEN 0 ELSE (
          SELECT COUNT(*)
          FROM telemetry_events e
          WHERE e.session_hash = p.session_hash AND e.event_type = ? AND e.timestamp >= p.ps AND e.timestamp < CASE WHEN p.ps_up < p.pe THEN p.ps_up ELSE p.pe END AND e.success = ?) END
        FROM session_days s
        WHERE s.session_hash = p.session_hash AND s.day = (p.ps_up + -86400000)) ELSE 0 END + (
        SELECT COALESCE(SUM(s.executed_ok_count), 0)
        FROM session_days s
        WHERE s.session_hash = p.session_hash AND s.day >= p.ps_up AND s.day < p.pe_down) + CASE WHEN p.pe <> p.pe_down AND p.pe_down >= p.ps_up THEN (
        SELECT CASE WHEN COALESCE(SUM(s.executed_ok_count), 0) = 0 THEN 0 WHEN MIN(s.executed_ok_first_at) >= p.pe_down AND MAX(s.executed_ok_last_at) < p.pe THEN SUM(s.executed_ok_count) WHEN MAX(s.executed_ok_last_at) < p.pe_down OR MIN(s.executed_ok_first_at) >= p.pe THEN 0 ELSE (
          SELECT COUNT(*)
          FROM telemetry_events e
          WHERE e.session_hash = p.session_hash AND e.event_type = ? AND e.timestamp >= p.pe_down AND e.timestamp < p.pe AND e.success = ?) END
        FROM session_days s
        WHERE s.session_hash = p.session_hash AND s.day = p.pe_down) ELSE 0 END) END AS outcome
    FROM (
      SELECT q.*, CASE WHEN ((q.ps / 86400000) * 86400000) = q.ps THEN q.ps ELSE (((q.ps / 86400000) * 86400000) + 86400000) END AS ps_up, ((q.pe / 86400000) * 86400000) AS pe_down
      FROM (
        SELECT c.session_hash, c.first_seen, c.seg, (c.first_seen + 0) AS ps, (c.first_seen + 604800000) AS pe
        FROM (
          SELECT f.session_hash, f.first_seen, f.seg
          FROM w
          JOIN (
            SELECT f.session_hash AS session_hash, f.first_seen AS first_seen, CAST(f.platform AS TEXT) AS seg
            FROM session_first_seen f
            WHERE TRUE) f ON f.first_seen >= w.lo AND f.first_seen < w.hi
          GROUP BY 1, 2, 3) c ) q ) p ) z)
SELECT w.k AS k, o.seg AS seg, 1.0 * SUM(o.over * o.met) / NULLIF(SUM(o.over), 0) AS value, SUM(o.over) AS n, SUM(1 - o.over) AS excluded
FROM w
JOIN o ON o.first_seen >= w.lo AND o.first_seen < w.hi
WHERE o.seg IS NOT NULL
GROUP BY 1, 2
;
-- parameters:
--   ?1 = 1772409600000
--   ?2 = 1773014400000
--   ?3 = 1773014400000
--   ?4 = 1773619200000
--   ?5 = 3
--   ?6 = 1773309600000
--   ?7 = 1773309600000
--   ?8 = "COMMAND_EXECUTED"
--   ?9 = 1
--   ?10 = "COMMAND_EXECUTED"
--   ?11 = 1

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, ?, ?), (1, ?, ?)),
o AS MATERIALIZED (
  SELECT p.session_hash, p.first_seen, p.seg, CASE WHEN p.period_end <= ? THEN 1 ELSE 0 END AS over, CASE WHEN p.period_end <= ? AND (
    SELECT COUNT(*)
    FROM telemetry_events e
    WHERE e.session_hash = p.session_hash AND e.event_type = ? AND e.timestamp >= p.period_start AND e.timestamp < p.period_end AND e.success = ?) >= ? THEN 1 ELSE 0 END AS met
  FROM (
    SELECT c.session_hash, c.first_seen, (
      SELECT CAST(a.platform AS TEXT)
      FROM telemetry_events a
      WHERE a.session_hash = c.session_hash AND a.platform IS NOT NULL
      ORDER BY a.timestamp, a.event_id LIMIT 1) AS seg, (c.first_seen + 0) AS period_start, (c.first_seen + 604800000) AS period_end
    FROM (
      SELECT DISTINCT f.session_hash, f.first_seen
      FROM w
      JOIN (
        SELECT session_hash, MIN(timestamp) AS first_seen
        FROM telemetry_events
        WHERE session_hash IN (
          SELECT t.session_hash
          FROM w
          JOIN telemetry_events t ON t.timestamp >= w.lo AND t.timestamp < w.hi)
        GROUP BY session_hash) f ON f.first_seen >= w.lo AND f.first_seen < w.hi
      WHERE TRUE) c ) p)
SELECT w.k AS k, o.seg AS seg, 1.0 * SUM(o.over * o.met) / NULLIF(SUM(o.over), 0) AS value, SUM(o.over) AS n, SUM(1 - o.over) AS excluded
FROM w
JOIN o ON o.first_seen >= w.lo AND o.first_seen < w.hi
WHERE o.seg IS NOT NULL
GROUP BY 1, 2
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
--   ?9 = 3
