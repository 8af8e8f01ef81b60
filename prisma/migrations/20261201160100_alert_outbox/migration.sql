-- AlterTable
ALTER TABLE "notification_deliveries" ADD COLUMN "expires_at" DATETIME;
ALTER TABLE "notification_deliveries" ADD COLUMN "next_attempt_at" DATETIME;

-- CreateIndex
CREATE INDEX "notification_deliveries_status_next_attempt_at_idx" ON "notification_deliveries"("status", "next_attempt_at");

-- Deliveries from before the outbox were tried in the evaluation itself, never again: close them.
UPDATE "notification_deliveries" SET "status" = 'EXPIRED' WHERE "status" IN ('FAILED', 'PENDING');
