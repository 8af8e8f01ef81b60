-- CreateTable
CREATE TABLE "inference_days" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "dims" TEXT NOT NULL,
    "model" TEXT,
    "backend" TEXT,
    "inference_ms" INTEGER,
    "events_count" INTEGER NOT NULL,

    CONSTRAINT "inference_days_pkey" PRIMARY KEY ("day","dims")
);

-- CreateTable
CREATE TABLE "generation_latency_days" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "dims" TEXT NOT NULL,
    "backend" TEXT,
    "platform" TEXT,
    "latency_ms" INTEGER,
    "events_count" INTEGER NOT NULL,

    CONSTRAINT "generation_latency_days_pkey" PRIMARY KEY ("day","dims")
);

-- Backfill: the rollups of the events already stored (npm run db:rollup-backfill).
INSERT INTO inference_days (day, dims, model, backend, inference_ms, events_count) SELECT date_trunc('day', t.timestamp, 'UTC') AS day, COALESCE(CAST(t.model AS TEXT), '') || '|' || COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.inference_ms AS TEXT), '') AS dims, t.model AS model, t.backend AS backend, t.inference_ms AS inference_ms, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count FROM telemetry_events t WHERE TRUE AND t.inference_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2
  ON CONFLICT (day, dims) DO UPDATE SET events_count = inference_days.events_count + excluded.events_count;

INSERT INTO generation_latency_days (day, dims, backend, platform, latency_ms, events_count) SELECT date_trunc('day', t.timestamp, 'UTC') AS day, COALESCE(CAST(t.backend AS TEXT), '') || '|' || COALESCE(CAST(t.platform AS TEXT), '') || '|' || COALESCE(CAST(t.latency_ms AS TEXT), '') AS dims, t.backend AS backend, t.platform AS platform, t.latency_ms AS latency_ms, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS events_count FROM telemetry_events t WHERE TRUE AND t.event_type = 'COMMAND_GENERATED' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2
  ON CONFLICT (day, dims) DO UPDATE SET events_count = generation_latency_days.events_count + excluded.events_count;

