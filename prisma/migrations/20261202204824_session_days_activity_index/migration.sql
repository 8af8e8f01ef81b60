-- DropIndex
DROP INDEX "session_days_session_hash_day_counts_idx";

-- CreateIndex
CREATE INDEX "session_days_session_hash_day_activity_idx" ON "session_days"("session_hash", "day", "events_count", "executed_count", "executed_ok_count", "executed_first_at", "executed_last_at", "executed_ok_first_at", "executed_ok_last_at");
