-- CreateTable
CREATE TABLE "telemetry_events" (
    "event_id" TEXT NOT NULL PRIMARY KEY,
    "timestamp" DATETIME NOT NULL,
    "session_hash" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "caro_version" TEXT NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "error_category" TEXT,
    "confidence_score" REAL,
    "validation_severity" TEXT,
    "safety_mode" TEXT,
    "query_complexity" TEXT,
    "refinement_count" INTEGER,
    "model" TEXT,
    "inference_ms" INTEGER,
    "memory_mb" REAL,
    "cpu_percent" REAL,
    "history_enabled" BOOLEAN,
    "plugin_count" INTEGER,
    "persona" TEXT,
    "acquisition_source" TEXT,
    "received_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "survey_responses" (
    "response_id" TEXT NOT NULL PRIMARY KEY,
    "session_hash" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "survey" TEXT NOT NULL,
    "score" INTEGER,
    "feature" TEXT,
    "answer" TEXT,
    "persona" TEXT,
    "received_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "safety_audits" (
    "audit_id" TEXT NOT NULL PRIMARY KEY,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "validation_severity" TEXT,
    "verdict" TEXT NOT NULL,
    "audited_at" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "gauge_observations" (
    "source" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "observed_at" DATETIME NOT NULL,
    "value" REAL NOT NULL,
    "received_at" DATETIME NOT NULL,

    PRIMARY KEY ("source", "name", "observed_at")
);

-- CreateTable
CREATE TABLE "subscription_events" (
    "event_id" TEXT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "monthly_amount_cents" INTEGER NOT NULL,
    "received_at" DATETIME NOT NULL
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
