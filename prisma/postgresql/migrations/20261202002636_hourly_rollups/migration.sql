-- CreateTable
CREATE TABLE "event_hours" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "dims" TEXT NOT NULL,
    "event_type" TEXT,
    "success" BOOLEAN,
    "backend" TEXT,
    "platform" TEXT,
    "persona" TEXT,
    "query_complexity" TEXT,
    "events_count" INTEGER NOT NULL,

    CONSTRAINT "event_hours_pkey" PRIMARY KEY ("hour","dims")
);

-- CreateTable
CREATE TABLE "session_hours" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "session_hash" TEXT NOT NULL,
    "dims" TEXT NOT NULL,
    "platform" TEXT,
    "persona" TEXT,
    "events_count" INTEGER NOT NULL,
    "executed_count" INTEGER NOT NULL,
    "executed_first_at" TIMESTAMPTZ(3),
    "executed_last_at" TIMESTAMPTZ(3),
    "executed_ok_count" INTEGER NOT NULL,
    "executed_ok_first_at" TIMESTAMPTZ(3),
    "executed_ok_last_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_hours_pkey" PRIMARY KEY ("hour","session_hash","dims")
);

-- CreateTable
CREATE TABLE "event_detail_hours" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
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
    "refinement_count_n" INTEGER NOT NULL,
    "refinement_count_sum" DOUBLE PRECISION,
    "refinement_count_min" DOUBLE PRECISION,
    "refinement_count_max" DOUBLE PRECISION,
    "memory_mb_n" INTEGER NOT NULL,
    "memory_mb_sum" DOUBLE PRECISION,
    "memory_mb_min" DOUBLE PRECISION,
    "memory_mb_max" DOUBLE PRECISION,
    "cpu_percent_n" INTEGER NOT NULL,
    "cpu_percent_sum" DOUBLE PRECISION,
    "cpu_percent_min" DOUBLE PRECISION,
    "cpu_percent_max" DOUBLE PRECISION,

    CONSTRAINT "event_detail_hours_pkey" PRIMARY KEY ("hour","dims")
);

-- CreateTable
CREATE TABLE "inference_hours" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "dims" TEXT NOT NULL,
    "model" TEXT,
    "backend" TEXT,
    "inference_ms" INTEGER,
    "events_count" INTEGER NOT NULL,

    CONSTRAINT "inference_hours_pkey" PRIMARY KEY ("hour","dims")
);

-- CreateTable
CREATE TABLE "generation_latency_hours" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "dims" TEXT NOT NULL,
    "backend" TEXT,
    "latency_ms" INTEGER,
    "events_count" INTEGER NOT NULL,

    CONSTRAINT "generation_latency_hours_pkey" PRIMARY KEY ("hour","dims")
);

-- Backfill: the rollups of the events already stored (npm run db:rollup-backfill).
INSERT INTO event_hours (hour, dims, event_type, success, backend, platform, persona, query_complexity, events_count) SELECT date_trunc('hour', t.timestamp, 'UTC') AS hour, COALESCE(CAST(t.event_type AS TEXT), '') || '|' || COALESCE(CAST(t.success AS TEXT), '') || '|' || COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.persona AS TEXT), '') || '|' || COALESCE(CAST(t.query_complexity AS TEXT), '') AS dims, t.event_type AS event_type, t.success AS success, t.backend AS backend, t.platform AS platform, t.persona AS persona, t.query_complexity AS query_complexity, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count FROM telemetry_events t WHERE TRUE GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2
  ON CONFLICT (hour, dims) DO UPDATE SET events_count = event_hours.events_count + excluded.events_count;

INSERT INTO generation_latency_hours (hour, dims, backend, latency_ms, events_count) SELECT date_trunc('hour', t.timestamp, 'UTC') AS hour, COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.latency_ms AS TEXT), '') AS dims, t.backend AS backend, t.latency_ms AS latency_ms, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count FROM telemetry_events t WHERE TRUE AND t.event_type = 'COMMAND_GENERATED' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2
  ON CONFLICT (hour, dims) DO UPDATE SET events_count = generation_latency_hours.events_count + excluded.events_count;

INSERT INTO session_hours (hour, session_hash, dims, platform, persona, events_count, executed_count, executed_first_at, executed_last_at, executed_ok_count, executed_ok_first_at, executed_ok_last_at) SELECT date_trunc('hour', t.timestamp, 'UTC') AS hour, t.session_hash AS session_hash, COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.persona AS TEXT), '') AS dims, t.platform AS platform, t.persona AS persona, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count, SUM(CASE WHEN t.event_type = 'COMMAND_EXECUTED' THEN 1 ELSE 0 END) AS executed_count, MIN(CASE WHEN t.event_type = 'COMMAND_EXECUTED' THEN t.timestamp END) AS executed_first_at, MAX(CASE WHEN t.event_type = 'COMMAND_EXECUTED' THEN t.timestamp END) AS executed_last_at, SUM(CASE WHEN t.event_type = 'COMMAND_EXECUTED' AND t.success = TRUE THEN 1 ELSE 0 END) AS executed_ok_count, MIN(CASE WHEN t.event_type = 'COMMAND_EXECUTED' AND t.success = TRUE THEN t.timestamp END) AS executed_ok_first_at, MAX(CASE WHEN t.event_type = 'COMMAND_EXECUTED' AND t.success = TRUE THEN t.timestamp END) AS executed_ok_last_at FROM telemetry_events t WHERE TRUE GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3
  ON CONFLICT (hour, session_hash, dims) DO UPDATE SET events_count = session_hours.events_count + excluded.events_count, executed_count = session_hours.executed_count + excluded.executed_count, executed_first_at = CASE WHEN session_hours.executed_first_at IS NULL OR excluded.executed_first_at < session_hours.executed_first_at THEN excluded.executed_first_at ELSE session_hours.executed_first_at END, executed_last_at = CASE WHEN session_hours.executed_last_at IS NULL OR excluded.executed_last_at > session_hours.executed_last_at THEN excluded.executed_last_at ELSE session_hours.executed_last_at END, executed_ok_count = session_hours.executed_ok_count + excluded.executed_ok_count, executed_ok_first_at = CASE WHEN session_hours.executed_ok_first_at IS NULL OR excluded.executed_ok_first_at < session_hours.executed_ok_first_at THEN excluded.executed_ok_first_at ELSE session_hours.executed_ok_first_at END, executed_ok_last_at = CASE WHEN session_hours.executed_ok_last_at IS NULL OR excluded.executed_ok_last_at > session_hours.executed_ok_last_at THEN excluded.executed_ok_last_at ELSE session_hours.executed_ok_last_at END;

INSERT INTO inference_hours (hour, dims, model, backend, inference_ms, events_count) SELECT date_trunc('hour', t.timestamp, 'UTC') AS hour, COALESCE(CAST(t.model AS TEXT), '') || '|' || COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.inference_ms AS TEXT), '') AS dims, t.model AS model, t.backend AS backend, t.inference_ms AS inference_ms, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count FROM telemetry_events t WHERE TRUE AND t.inference_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2
  ON CONFLICT (hour, dims) DO UPDATE SET events_count = inference_hours.events_count + excluded.events_count;

INSERT INTO event_detail_hours (hour, dims, event_type, success, backend, platform, caro_version, persona, query_complexity, error_category, validation_severity, model, refinement_count, events_count, refinement_count_n, refinement_count_sum, refinement_count_min, refinement_count_max, memory_mb_n, memory_mb_sum, memory_mb_min, memory_mb_max, cpu_percent_n, cpu_percent_sum, cpu_percent_min, cpu_percent_max) SELECT date_trunc('hour', t.timestamp, 'UTC') AS hour, COALESCE(CAST(t.event_type AS TEXT), '') || '|' || COALESCE(CAST(t.success AS TEXT), '') || '|' || COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.caro_version AS TEXT), '') || '|' || COALESCE(CAST(t.persona AS TEXT), '') || '|' || COALESCE(CAST(t.query_complexity AS TEXT), '') || '|' || COALESCE(CAST(t.error_category AS TEXT), '') || '|' || COALESCE(CAST(t.validation_severity AS TEXT), '') || '|' || COALESCE(CAST(t.model AS TEXT), '') || '|' || COALESCE(CAST(t.refinement_count AS TEXT), '') AS dims, t.event_type AS event_type, t.success AS success, t.backend AS backend, t.platform AS platform, t.caro_version AS caro_version, t.persona AS persona, t.query_complexity AS query_complexity, t.error_category AS error_category, t.validation_severity AS validation_severity, t.model AS model, t.refinement_count AS refinement_count, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count, COUNT(t.refinement_count) AS refinement_count_n, SUM(t.refinement_count) AS refinement_count_sum, MIN(t.refinement_count) AS refinement_count_min, MAX(t.refinement_count) AS refinement_count_max, COUNT(t.memory_mb) AS memory_mb_n, SUM(t.memory_mb) AS memory_mb_sum, MIN(t.memory_mb) AS memory_mb_min, MAX(t.memory_mb) AS memory_mb_max, COUNT(t.cpu_percent) AS cpu_percent_n, SUM(t.cpu_percent) AS cpu_percent_sum, MIN(t.cpu_percent) AS cpu_percent_min, MAX(t.cpu_percent) AS cpu_percent_max FROM telemetry_events t WHERE TRUE GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 ORDER BY 1, 2
  ON CONFLICT (hour, dims) DO UPDATE SET events_count = event_detail_hours.events_count + excluded.events_count, refinement_count_n = event_detail_hours.refinement_count_n + excluded.refinement_count_n, refinement_count_sum = CASE WHEN event_detail_hours.refinement_count_sum IS NULL THEN excluded.refinement_count_sum WHEN excluded.refinement_count_sum IS NULL THEN event_detail_hours.refinement_count_sum ELSE event_detail_hours.refinement_count_sum + excluded.refinement_count_sum END, refinement_count_min = CASE WHEN event_detail_hours.refinement_count_min IS NULL OR excluded.refinement_count_min < event_detail_hours.refinement_count_min THEN excluded.refinement_count_min ELSE event_detail_hours.refinement_count_min END, refinement_count_max = CASE WHEN event_detail_hours.refinement_count_max IS NULL OR excluded.refinement_count_max > event_detail_hours.refinement_count_max THEN excluded.refinement_count_max ELSE event_detail_hours.refinement_count_max END, memory_mb_n = event_detail_hours.memory_mb_n + excluded.memory_mb_n, memory_mb_sum = CASE WHEN event_detail_hours.memory_mb_sum IS NULL THEN excluded.memory_mb_sum WHEN excluded.memory_mb_sum IS NULL THEN event_detail_hours.memory_mb_sum ELSE event_detail_hours.memory_mb_sum + excluded.memory_mb_sum END, memory_mb_min = CASE WHEN event_detail_hours.memory_mb_min IS NULL OR excluded.memory_mb_min < event_detail_hours.memory_mb_min THEN excluded.memory_mb_min ELSE event_detail_hours.memory_mb_min END, memory_mb_max = CASE WHEN event_detail_hours.memory_mb_max IS NULL OR excluded.memory_mb_max > event_detail_hours.memory_mb_max THEN excluded.memory_mb_max ELSE event_detail_hours.memory_mb_max END, cpu_percent_n = event_detail_hours.cpu_percent_n + excluded.cpu_percent_n, cpu_percent_sum = CASE WHEN event_detail_hours.cpu_percent_sum IS NULL THEN excluded.cpu_percent_sum WHEN excluded.cpu_percent_sum IS NULL THEN event_detail_hours.cpu_percent_sum ELSE event_detail_hours.cpu_percent_sum + excluded.cpu_percent_sum END, cpu_percent_min = CASE WHEN event_detail_hours.cpu_percent_min IS NULL OR excluded.cpu_percent_min < event_detail_hours.cpu_percent_min THEN excluded.cpu_percent_min ELSE event_detail_hours.cpu_percent_min END, cpu_percent_max = CASE WHEN event_detail_hours.cpu_percent_max IS NULL OR excluded.cpu_percent_max > event_detail_hours.cpu_percent_max THEN excluded.cpu_percent_max ELSE event_detail_hours.cpu_percent_max END;

