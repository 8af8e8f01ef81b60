-- cohort-share on postgresql
-- leaf: {"kind":"cohort","condition":{"eventType":"COMMAND_EXECUTED","where":{"success":true},"atLeast":3},"period":{"offsetDays":0,"days":7},"result":"share"}
-- segmentBy: platform; filter: {}; windows: [2026-03-02T00:00:00.000Z, 2026-03-09T00:00:00.000Z) [2026-03-09T00:00:00.000Z, 2026-03-16T00:00:00.000Z); now: 2026-03-12T10:00:00.000Z

-- source: rollups (reads session_first_seen, session_days, telemetry_events (partial days))
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
o AS MATERIALIZED (
  SELECT z.session_hash, z.first_seen, z.seg, z.over, CASE WHEN z.over = 1 AND z.outcome >= $5 THEN 1 ELSE 0 END AS met
  FROM (
    SELECT p.session_hash, p.first_seen, p.seg, p.pe, CASE WHEN p.pe <= $6 THEN 1 ELSE 0 END AS over, CASE WHEN p.pe <= $7 THEN (CASE WHEN p.ps <> p.ps_up THEN (
        SELECT CASE WHEN COALESCE(SUM(s.executed_ok_count), 0) = 0 THEN 0 WHEN MIN(s.executed_ok_first_at) >= p.ps AND MAX(s.executed_ok_last_at) < CASE WHEN p.ps_up < p.pe THEN p.ps_up ELSE p.pe END THEN SUM(s.executed_ok_count) WHEN MAX(s.executed_ok_last_at) < p.ps OR MIN(s.executed_ok_first_at) >= CASE WHEN p.ps_up < p.pe THEN p.ps_up ELSE p.pe END THEN 0 ELSE (
          SELECT COUNT(*)
          FROM telemetry_events e
          WHERE e.session_hash = p.session_hash AND e.event_type = $8 AND e.timestamp >= p.ps AND e.timestamp < CASE WHEN p.ps_up < p.pe THEN p.ps_up ELSE p.pe END AND e.success = $9) END
        FROM session_days s
        WHERE s.session_hash = p.session_hash AND s.day = (p.ps_up + interval '-86400000 milliseconds')) ELSE 0 END + (
        SELECT COALESCE(SUM(s.executed_ok_count), 0)
        FROM session_days s
        WHERE s.session_hash = p.session_hash AND s.day >= p.ps_up AND s.day < p.pe_down) + CASE WHEN p.pe <> p.pe_down AND p.pe_down >= p.ps_up THEN (
        SELECT CASE WHEN COALESCE(SUM(s.executed_ok_count), 0) = 0 THEN 0 WHEN MIN(s.executed_ok_first_at) >= p.pe_down AND MAX(s.executed_ok_last_at) < p.pe THEN SUM(s.executed_ok_count) WHEN MAX(s.executed_ok_last_at) < p.pe_down OR MIN(s.executed_ok_first_at) >= p.pe THEN 0 ELSE (
          SELECT COUNT(*)
          FROM telemetry_events e
          WHERE e.session_hash = p.session_hash AND e.event_type = $10 AND e.timestamp >= p.pe_down AND e.timestamp < p.pe AND e.success = $11) END
        FROM session_days s
        WHERE s.session_hash = p.session_hash AND s.day = p.pe_down) ELSE 0 END) END AS outcome
    FROM (
      SELECT q.*, CASE WHEN date_trunc('day', q.ps, 'UTC') = q.ps THEN q.ps ELSE (date_trunc('day', q.ps, 'UTC') + interval '86400000 milliseconds') END AS ps_up, date_trunc('day', q.pe, 'UTC') AS pe_down
      FROM (
        SELECT c.session_hash, c.first_seen, c.seg, (c.first_seen + interval '0 milliseconds') AS ps, (c.first_seen + interval '604800000 milliseconds') AS pe
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
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 3
--   $6 = 2026-03-12T10:00:00.000Z
--   $7 = 2026-03-12T10:00:00.000Z
--   $8 = "COMMAND_EXECUTED"
--   $9 = true
--   $10 = "COMMAND_EXECUTED"
--   $11 = true

-- source: raw (reads telemetry_events)
WITH w(k, lo, hi) AS (VALUES (0, CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)), (1, CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))),
o AS MATERIALIZED (
  SELECT p.session_hash, p.first_seen, p.seg, CASE WHEN p.period_end <= $5 THEN 1 ELSE 0 END AS over, CASE WHEN p.period_end <= $6 AND (
    SELECT COUNT(*)
    FROM telemetry_events e
    WHERE e.session_hash = p.session_hash AND e.event_type = $7 AND e.timestamp >= p.period_start AND e.timestamp < p.period_end AND e.success = $8) >= $9 THEN 1 ELSE 0 END AS met
  FROM (
    SELECT c.session_hash, c.first_seen, (
      SELECT CAST(a.platform AS TEXT)
      FROM telemetry_events a
      WHERE a.session_hash = c.session_hash AND a.platform IS NOT NULL
      ORDER BY a.timestamp, a.event_id LIMIT 1) AS seg, (c.first_seen + interval '0 milliseconds') AS period_start, (c.first_seen + interval '604800000 milliseconds') AS period_end
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
--   $1 = 2026-03-02T00:00:00.000Z
--   $2 = 2026-03-09T00:00:00.000Z
--   $3 = 2026-03-09T00:00:00.000Z
--   $4 = 2026-03-16T00:00:00.000Z
--   $5 = 2026-03-12T10:00:00.000Z
--   $6 = 2026-03-12T10:00:00.000Z
--   $7 = "COMMAND_EXECUTED"
--   $8 = true
--   $9 = 3
