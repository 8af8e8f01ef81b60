-- CreateTable
CREATE TABLE "event_days" (
    "day" DATETIME NOT NULL,
    "dims" TEXT NOT NULL,
    "event_type" TEXT,
    "success" BOOLEAN,
    "backend" TEXT,
    "platform" TEXT,
    "persona" TEXT,
    "query_complexity" TEXT,
    "events_count" INTEGER NOT NULL,

    PRIMARY KEY ("day", "dims")
);

-- CreateTable
CREATE TABLE "session_days" (
    "day" DATETIME NOT NULL,
    "session_hash" TEXT NOT NULL,
    "dims" TEXT NOT NULL,
    "platform" TEXT,
    "persona" TEXT,
    "events_count" INTEGER NOT NULL,
    "executed_count" INTEGER NOT NULL,
    "executed_first_at" DATETIME,
    "executed_last_at" DATETIME,
    "executed_ok_count" INTEGER NOT NULL,
    "executed_ok_first_at" DATETIME,
    "executed_ok_last_at" DATETIME,

    PRIMARY KEY ("day", "session_hash", "dims")
);

-- CreateTable
CREATE TABLE "event_detail_days" (
    "day" DATETIME NOT NULL,
    "dims" TEXT NOT NULL,
    "event_type" TEXT,
    "success" BOOLEAN,
    "backend" TEXT,
    "platform" TEXT,
    "caro_version" TEXT,
    "persona" TEXT,
    "query_complexity" TEXT,
    "error_category" TEXT,
    "validation_severity" TEXT,
    "model" TEXT,
    "refinement_count" INTEGER,
    "events_count" INTEGER NOT NULL,
    "latency_ms_n" INTEGER NOT NULL,
    "latency_ms_sum" REAL,
    "latency_ms_min" REAL,
    "latency_ms_max" REAL,
    "inference_ms_n" INTEGER NOT NULL,
    "inference_ms_sum" REAL,
    "inference_ms_min" REAL,
    "inference_ms_max" REAL,
    "refinement_count_n" INTEGER NOT NULL,
    "refinement_count_sum" REAL,
    "refinement_count_min" REAL,
    "refinement_count_max" REAL,
    "memory_mb_n" INTEGER NOT NULL,
    "memory_mb_sum" REAL,
    "memory_mb_min" REAL,
    "memory_mb_max" REAL,
    "cpu_percent_n" INTEGER NOT NULL,
    "cpu_percent_sum" REAL,
    "cpu_percent_min" REAL,
    "cpu_percent_max" REAL,
    "confidence_score_n" INTEGER NOT NULL,
    "confidence_score_sum" REAL,
    "confidence_score_min" REAL,
    "confidence_score_max" REAL,

    PRIMARY KEY ("day", "dims")
);

-- CreateTable
CREATE TABLE "session_first_seen" (
    "session_hash" TEXT NOT NULL PRIMARY KEY,
    "first_seen" DATETIME NOT NULL,
    "first_event_id" TEXT NOT NULL,
    "last_seen" DATETIME NOT NULL,
    "platform" TEXT,
    "platform_at" DATETIME,
    "platform_event_id" TEXT,
    "acquisition_source" TEXT,
    "acquisition_source_at" DATETIME,
    "acquisition_source_event_id" TEXT,
    "persona" TEXT,
    "persona_at" DATETIME,
    "persona_event_id" TEXT
);

-- CreateIndex
CREATE INDEX "session_days_session_hash_day_idx" ON "session_days"("session_hash", "day");

-- CreateIndex
CREATE INDEX "session_first_seen_first_seen_idx" ON "session_first_seen"("first_seen");

-- CreateIndex
CREATE INDEX "session_first_seen_last_seen_idx" ON "session_first_seen"("last_seen");

-- Backfill: the rollups of the events already stored (npm run db:rollup-backfill).
INSERT INTO session_first_seen (session_hash, first_seen, first_event_id, last_seen, platform, platform_at, platform_event_id, acquisition_source, acquisition_source_at, acquisition_source_event_id, persona, persona_at, persona_event_id)
  WITH batch AS (SELECT session_hash, timestamp, event_id, platform, acquisition_source, persona FROM telemetry_events t WHERE TRUE)
  SELECT f.session_hash, f.timestamp, f.event_id, l.last_seen, a_platform.v, a_platform.at, a_platform.ev, a_acquisition_source.v, a_acquisition_source.at, a_acquisition_source.ev, a_persona.v, a_persona.at, a_persona.ev
  FROM (SELECT session_hash, timestamp, event_id, ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp, event_id) AS rn FROM batch) f
  JOIN (SELECT session_hash, MAX(timestamp) AS last_seen FROM batch GROUP BY session_hash) l ON l.session_hash = f.session_hash
  LEFT JOIN (SELECT session_hash, platform AS v, timestamp AS at, event_id AS ev, ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp, event_id) AS rn FROM batch WHERE platform IS NOT NULL) a_platform
  ON a_platform.session_hash = f.session_hash AND a_platform.rn = 1
  LEFT JOIN (SELECT session_hash, acquisition_source AS v, timestamp AS at, event_id AS ev, ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp, event_id) AS rn FROM batch WHERE acquisition_source IS NOT NULL) a_acquisition_source
  ON a_acquisition_source.session_hash = f.session_hash AND a_acquisition_source.rn = 1
  LEFT JOIN (SELECT session_hash, persona AS v, timestamp AS at, event_id AS ev, ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp, event_id) AS rn FROM batch WHERE persona IS NOT NULL) a_persona
  ON a_persona.session_hash = f.session_hash AND a_persona.rn = 1
  WHERE f.rn = 1
  ON CONFLICT (session_hash) DO UPDATE SET first_seen = CASE WHEN (excluded.first_seen, excluded.first_event_id) < (session_first_seen.first_seen, session_first_seen.first_event_id) THEN excluded.first_seen ELSE session_first_seen.first_seen END, first_event_id = CASE WHEN (excluded.first_seen, excluded.first_event_id) < (session_first_seen.first_seen, session_first_seen.first_event_id) THEN excluded.first_event_id ELSE session_first_seen.first_event_id END, last_seen = CASE WHEN session_first_seen.last_seen IS NULL OR excluded.last_seen > session_first_seen.last_seen THEN excluded.last_seen ELSE session_first_seen.last_seen END, platform = CASE WHEN excluded.platform_at IS NOT NULL AND (session_first_seen.platform_at IS NULL OR (excluded.platform_at, excluded.platform_event_id) < (session_first_seen.platform_at, session_first_seen.platform_event_id)) THEN excluded.platform ELSE session_first_seen.platform END, platform_at = CASE WHEN excluded.platform_at IS NOT NULL AND (session_first_seen.platform_at IS NULL OR (excluded.platform_at, excluded.platform_event_id) < (session_first_seen.platform_at, session_first_seen.platform_event_id)) THEN excluded.platform_at ELSE session_first_seen.platform_at END, platform_event_id = CASE WHEN excluded.platform_at IS NOT NULL AND (session_first_seen.platform_at IS NULL OR (excluded.platform_at, excluded.platform_event_id) < (session_first_seen.platform_at, session_first_seen.platform_event_id)) THEN excluded.platform_event_id ELSE session_first_seen.platform_event_id END, acquisition_source = CASE WHEN excluded.acquisition_source_at IS NOT NULL AND (session_first_seen.acquisition_source_at IS NULL OR (excluded.acquisition_source_at, excluded.acquisition_source_event_id) < (session_first_seen.acquisition_source_at, session_first_seen.acquisition_source_event_id)) THEN excluded.acquisition_source ELSE session_first_seen.acquisition_source END, acquisition_source_at = CASE WHEN excluded.acquisition_source_at IS NOT NULL AND (session_first_seen.acquisition_source_at IS NULL OR (excluded.acquisition_source_at, excluded.acquisition_source_event_id) < (session_first_seen.acquisition_source_at, session_first_seen.acquisition_source_event_id)) THEN excluded.acquisition_source_at ELSE session_first_seen.acquisition_source_at END, acquisition_source_event_id = CASE WHEN excluded.acquisition_source_at IS NOT NULL AND (session_first_seen.acquisition_source_at IS NULL OR (excluded.acquisition_source_at, excluded.acquisition_source_event_id) < (session_first_seen.acquisition_source_at, session_first_seen.acquisition_source_event_id)) THEN excluded.acquisition_source_event_id ELSE session_first_seen.acquisition_source_event_id END, persona = CASE WHEN excluded.persona_at IS NOT NULL AND (session_first_seen.persona_at IS NULL OR (excluded.persona_at, excluded.persona_event_id) < (session_first_seen.persona_at, session_first_seen.persona_event_id)) THEN excluded.persona ELSE session_first_seen.persona END, persona_at = CASE WHEN excluded.persona_at IS NOT NULL AND (session_first_seen.persona_at IS NULL OR (excluded.persona_at, excluded.persona_event_id) < (session_first_seen.persona_at, session_first_seen.persona_event_id)) THEN excluded.persona_at ELSE session_first_seen.persona_at END, persona_event_id = CASE WHEN excluded.persona_at IS NOT NULL AND (session_first_seen.persona_at IS NULL OR (excluded.persona_at, excluded.persona_event_id) < (session_first_seen.persona_at, session_first_seen.persona_event_id)) THEN excluded.persona_event_id ELSE session_first_seen.persona_event_id END;

INSERT INTO event_days (day, dims, event_type, success, backend, platform, persona, query_complexity, events_count) SELECT ((t.timestamp / 86400000) * 86400000) AS day, COALESCE(CAST(t.event_type AS TEXT), '') || '|' || COALESCE(CAST(t.success AS TEXT), '') || '|' || COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.persona AS TEXT), '') || '|' || COALESCE(CAST(t.query_complexity AS TEXT), '') AS dims, t.event_type AS event_type, t.success AS success, t.backend AS backend, t.platform AS platform, t.persona AS persona, t.query_complexity AS query_complexity, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count FROM telemetry_events t WHERE TRUE GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (day, dims) DO UPDATE SET events_count = event_days.events_count + excluded.events_count;

INSERT INTO session_days (day, session_hash, dims, platform, persona, events_count, executed_count, executed_first_at, executed_last_at, executed_ok_count, executed_ok_first_at, executed_ok_last_at) SELECT ((t.timestamp / 86400000) * 86400000) AS day, t.session_hash AS session_hash, COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.persona AS TEXT), '') AS dims, t.platform AS platform, t.persona AS persona, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count, SUM(CASE WHEN t.event_type = 'COMMAND_EXECUTED' THEN 1 ELSE 0 END) AS executed_count, MIN(CASE WHEN t.event_type = 'COMMAND_EXECUTED' THEN t.timestamp END) AS executed_first_at, MAX(CASE WHEN t.event_type = 'COMMAND_EXECUTED' THEN t.timestamp END) AS executed_last_at, SUM(CASE WHEN t.event_type = 'COMMAND_EXECUTED' AND t.success = 1 THEN 1 ELSE 0 END) AS executed_ok_count, MIN(CASE WHEN t.event_type = 'COMMAND_EXECUTED' AND t.success = 1 THEN t.timestamp END) AS executed_ok_first_at, MAX(CASE WHEN t.event_type = 'COMMAND_EXECUTED' AND t.success = 1 THEN t.timestamp END) AS executed_ok_last_at FROM telemetry_events t WHERE TRUE GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (day, session_hash, dims) DO UPDATE SET events_count = session_days.events_count + excluded.events_count, executed_count = session_days.executed_count + excluded.executed_count, executed_first_at = CASE WHEN session_days.executed_first_at IS NULL OR excluded.executed_first_at < session_days.executed_first_at THEN excluded.executed_first_at ELSE session_days.executed_first_at END, executed_last_at = CASE WHEN session_days.executed_last_at IS NULL OR excluded.executed_last_at > session_days.executed_last_at THEN excluded.executed_last_at ELSE session_days.executed_last_at END, executed_ok_count = session_days.executed_ok_count + excluded.executed_ok_count, executed_ok_first_at = CASE WHEN session_days.executed_ok_first_at IS NULL OR excluded.executed_ok_first_at < session_days.executed_ok_first_at THEN excluded.executed_ok_first_at ELSE session_days.executed_ok_first_at END, executed_ok_last_at = CASE WHEN session_days.executed_ok_last_at IS NULL OR excluded.executed_ok_last_at > session_days.executed_ok_last_at THEN excluded.executed_ok_last_at ELSE session_days.executed_ok_last_at END;

INSERT INTO event_detail_days (day, dims, event_type, success, backend, platform, caro_version, persona, query_complexity, error_category, validation_severity, model, refinement_count, events_count, latency_ms_n, latency_ms_sum, latency_ms_min, latency_ms_max, inference_ms_n, inference_ms_sum, inference_ms_min, inference_ms_max, refinement_count_n, refinement_count_sum, refinement_count_min, refinement_count_max, memory_mb_n, memory_mb_sum, memory_mb_min, memory_mb_max, cpu_percent_n, cpu_percent_sum, cpu_percent_min, cpu_percent_max, confidence_score_n, confidence_score_sum, confidence_score_min, confidence_score_max) SELECT ((t.timestamp / 86400000) * 86400000) AS day, COALESCE(CAST(t.event_type AS TEXT), '') || '|' || COALESCE(CAST(t.success AS TEXT), '') || '|' || COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.caro_version AS TEXT), '') || '|' || COALESCE(CAST(t.persona AS TEXT), '') || '|' || COALESCE(CAST(t.query_complexity AS TEXT), '') || '|' || COALESCE(CAST(t.error_category AS TEXT), '') || '|' || COALESCE(CAST(t.validation_severity AS TEXT), '') || '|' || COALESCE(CAST(t.model AS TEXT), '') || '|' || COALESCE(CAST(t.refinement_count AS TEXT), '') AS dims, t.event_type AS event_type, t.success AS success, t.backend AS backend, t.platform AS platform, t.caro_version AS caro_version, t.persona AS persona, t.query_complexity AS query_complexity, t.error_category AS error_category, t.validation_severity AS validation_severity, t.model AS model, t.refinement_count AS refinement_count, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count, COUNT(t.latency_ms) AS latency_ms_n, SUM(t.latency_ms) AS latency_ms_sum, MIN(t.latency_ms) AS latency_ms_min, MAX(t.latency_ms) AS latency_ms_max, COUNT(t.inference_ms) AS inference_ms_n, SUM(t.inference_ms) AS inference_ms_sum, MIN(t.inference_ms) AS inference_ms_min, MAX(t.inference_ms) AS inference_ms_max, COUNT(t.refinement_count) AS refinement_count_n, SUM(t.refinement_count) AS refinement_count_sum, MIN(t.refinement_count) AS refinement_count_min, MAX(t.refinement_count) AS refinement_count_max, COUNT(t.memory_mb) AS memory_mb_n, SUM(t.memory_mb) AS memory_mb_sum, MIN(t.memory_mb) AS memory_mb_min, MAX(t.memory_mb) AS memory_mb_max, COUNT(t.cpu_percent) AS cpu_percent_n, SUM(t.cpu_percent) AS cpu_percent_sum, MIN(t.cpu_percent) AS cpu_percent_min, MAX(t.cpu_percent) AS cpu_percent_max, COUNT(t.confidence_score) AS confidence_score_n, SUM(t.confidence_score) AS confidence_score_sum, MIN(t.confidence_score) AS confidence_score_min, MAX(t.confidence_score) AS confidence_score_max FROM telemetry_events t WHERE TRUE GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
  ON CONFLICT (day, dims) DO UPDATE SET events_count = event_detail_days.events_count + excluded.events_count, latency_ms_n = event_detail_days.latency_ms_n + excluded.latency_ms_n, latency_ms_sum = CASE WHEN event_detail_days.latency_ms_sum IS NULL THEN excluded.latency_ms_sum WHEN excluded.latency_ms_sum IS NULL THEN event_detail_days.latency_ms_sum ELSE event_detail_days.latency_ms_sum + excluded.latency_ms_sum END, latency_ms_min = CASE WHEN event_detail_days.latency_ms_min IS NULL OR excluded.latency_ms_min < event_detail_days.latency_ms_min THEN excluded.latency_ms_min ELSE event_detail_days.latency_ms_min END, latency_ms_max = CASE WHEN event_detail_days.latency_ms_max IS NULL OR excluded.latency_ms_max > event_detail_days.latency_ms_max THEN excluded.latency_ms_max ELSE event_detail_days.latency_ms_max END, inference_ms_n = event_detail_days.inference_ms_n + excluded.inference_ms_n, inference_ms_sum = CASE WHEN event_detail_days.inference_ms_sum IS NULL THEN excluded.inference_ms_sum WHEN excluded.inference_ms_sum IS NULL THEN event_detail_days.inference_ms_sum ELSE event_detail_days.inference_ms_sum + excluded.inference_ms_sum END, inference_ms_min = CASE WHEN event_detail_days.inference_ms_min IS NULL OR excluded.inference_ms_min < event_detail_days.inference_ms_min THEN excluded.inference_ms_min ELSE event_detail_days.inference_ms_min END, inference_ms_max = CASE WHEN event_detail_days.inference_ms_max IS NULL OR excluded.inference_ms_max > event_detail_days.inference_ms_max THEN excluded.inference_ms_max ELSE event_detail_days.inference_ms_max END, refinement_count_n = event_detail_days.refinement_count_n + excluded.refinement_count_n, refinement_count_sum = CASE WHEN event_detail_days.refinement_count_sum IS NULL THEN excluded.refinement_count_sum WHEN excluded.refinement_count_sum IS NULL THEN event_detail_days.refinement_count_sum ELSE event_detail_days.refinement_count_sum + excluded.refinement_count_sum END, refinement_count_min = CASE WHEN event_detail_days.refinement_count_min IS NULL OR excluded.refinement_count_min < event_detail_days.refinement_count_min THEN excluded.refinement_count_min ELSE event_detail_days.refinement_count_min END, refinement_count_max = CASE WHEN event_detail_days.refinement_count_max IS NULL OR excluded.refinement_count_max > event_detail_days.refinement_count_max THEN excluded.refinement_count_max ELSE event_detail_days.refinement_count_max END, memory_mb_n = event_detail_days.memory_mb_n + excluded.memory_mb_n, memory_mb_sum = CASE WHEN event_detail_days.memory_mb_sum IS NULL THEN excluded.memory_mb_sum WHEN excluded.memory_mb_sum IS NULL THEN event_detail_days.memory_mb_sum ELSE event_detail_days.memory_mb_sum + excluded.memory_mb_sum END, memory_mb_min = CASE WHEN event_detail_days.memory_mb_min IS NULL OR excluded.memory_mb_min < event_detail_days.memory_mb_min THEN excluded.memory_mb_min ELSE event_detail_days.memory_mb_min END, memory_mb_max = CASE WHEN event_detail_days.memory_mb_max IS NULL OR excluded.memory_mb_max > event_detail_days.memory_mb_max THEN excluded.memory_mb_max ELSE event_detail_days.memory_mb_max END, cpu_percent_n = event_detail_days.cpu_percent_n + excluded.cpu_percent_n, cpu_percent_sum = CASE WHEN event_detail_days.cpu_percent_sum IS NULL THEN excluded.cpu_percent_sum WHEN excluded.cpu_percent_sum IS NULL THEN event_detail_days.cpu_percent_sum ELSE event_detail_days.cpu_percent_sum + excluded.cpu_percent_sum END, cpu_percent_min = CASE WHEN event_detail_days.cpu_percent_min IS NULL OR excluded.cpu_percent_min < event_detail_days.cpu_percent_min THEN excluded.cpu_percent_min ELSE event_detail_days.cpu_percent_min END, cpu_percent_max = CASE WHEN event_detail_days.cpu_percent_max IS NULL OR excluded.cpu_percent_max > event_detail_days.cpu_percent_max THEN excluded.cpu_percent_max ELSE event_detail_days.cpu_percent_max END, confidence_score_n = event_detail_days.confidence_score_n + excluded.confidence_score_n, confidence_score_sum = CASE WHEN event_detail_days.confidence_score_sum IS NULL THEN excluded.confidence_score_sum WHEN excluded.confidence_score_sum IS NULL THEN event_detail_days.confidence_score_sum ELSE event_detail_days.confidence_score_sum + excluded.confidence_score_sum END, confidence_score_min = CASE WHEN event_detail_days.confidence_score_min IS NULL OR excluded.confidence_score_min < event_detail_days.confidence_score_min THEN excluded.confidence_score_min ELSE event_detail_days.confidence_score_min END, confidence_score_max = CASE WHEN event_detail_days.confidence_score_max IS NULL OR excluded.confidence_score_max > event_detail_days.confidence_score_max THEN excluded.confidence_score_max ELSE event_detail_days.confidence_score_max END;

