-- CreateTable
CREATE TABLE "telemetry_events" (
    "event_id" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "session_hash" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "caro_version" TEXT NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "error_category" TEXT,
    "confidence_score" DOUBLE PRECISION,
    "validation_severity" TEXT,
    "safety_mode" TEXT,
    "query_complexity" TEXT,
    "refinement_count" INTEGER,
    "model" TEXT,
    "inference_ms" INTEGER,
    "memory_mb" DOUBLE PRECISION,
    "cpu_percent" DOUBLE PRECISION,
    "history_enabled" BOOLEAN,
    "plugin_count" INTEGER,
    "persona" TEXT,
    "acquisition_source" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "telemetry_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "survey_responses" (
    "response_id" TEXT NOT NULL,
    "session_hash" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "survey" TEXT NOT NULL,
    "score" INTEGER,
    "feature" TEXT,
    "answer" TEXT,
    "persona" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("response_id")
);

-- CreateTable
CREATE TABLE "safety_audits" (
    "audit_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "validation_severity" TEXT,
    "verdict" TEXT NOT NULL,
    "audited_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "safety_audits_pkey" PRIMARY KEY ("audit_id")
);

-- CreateTable
CREATE TABLE "gauge_observations" (
    "source" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gauge_observations_pkey" PRIMARY KEY ("source","name","observed_at")
);

-- CreateTable
CREATE TABLE "subscription_events" (
    "event_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "monthly_amount_cents" INTEGER NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "telemetry_events_timestamp_idx" ON "telemetry_events"("timestamp");

-- CreateIndex
CREATE INDEX "telemetry_events_event_type_timestamp_idx" ON "telemetry_events"("event_type", "timestamp");

-- CreateIndex
CREATE INDEX "telemetry_events_session_hash_timestamp_idx" ON "telemetry_events"("session_hash", "timestamp");

-- CreateIndex
CREATE INDEX "survey_responses_survey_timestamp_idx" ON "survey_responses"("survey", "timestamp");

-- CreateIndex
CREATE INDEX "survey_responses_session_hash_timestamp_idx" ON "survey_responses"("session_hash", "timestamp");

-- CreateIndex
CREATE INDEX "safety_audits_audited_at_idx" ON "safety_audits"("audited_at");

-- CreateIndex
CREATE INDEX "safety_audits_event_id_idx" ON "safety_audits"("event_id");

-- CreateIndex
CREATE INDEX "subscription_events_account_id_timestamp_idx" ON "subscription_events"("account_id", "timestamp");

-- CreateIndex
CREATE INDEX "subscription_events_timestamp_idx" ON "subscription_events"("timestamp");
