-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    "last_used_at" DATETIME
);

-- CreateTable
CREATE TABLE "deletion_receipts" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deleted_at" DATETIME NOT NULL,
    "telemetry_events" INTEGER NOT NULL,
    "survey_responses" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "alert_states" (
    "rule_id" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "failing_count" INTEGER NOT NULL,
    "passing_count" INTEGER NOT NULL,
    "last_period_start" DATETIME,
    "last_value" REAL,
    "since" DATETIME NOT NULL,
    "last_notified_at" DATETIME
);

-- CreateTable
CREATE TABLE "alert_transitions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule_id" TEXT NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "period_start" DATETIME NOT NULL,
    "period_end" DATETIME NOT NULL,
    "value" REAL,
    "message" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "silences" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "rule_id" TEXT,
    "metric_id" TEXT,
    "severity" TEXT,
    "starts_at" DATETIME NOT NULL,
    "ends_at" DATETIME NOT NULL,
    "comment" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "expired_at" DATETIME
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "rule_id" TEXT NOT NULL,
    "alert_state" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "payload" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "delivered_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "alert_transitions_rule_id_at_idx" ON "alert_transitions"("rule_id", "at");

-- CreateIndex
CREATE INDEX "silences_ends_at_idx" ON "silences"("ends_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_rule_id_created_at_idx" ON "notification_deliveries"("rule_id", "created_at");
