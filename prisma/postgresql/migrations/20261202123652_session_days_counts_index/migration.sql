-- DropIndex
DROP INDEX "session_days_session_hash_day_idx";

-- CreateIndex
CREATE INDEX "session_days_session_hash_day_counts_idx" ON "session_days"("session_hash", "day", "events_count", "executed_count", "executed_ok_count");
