-- Every MT moves its recipient pending → wire → sent → delivered: an index holding state rewrote its entry at each
-- step. The claim walks (deliveryId, id) past the last id it claimed; retries due are found by retryAt.
-- DropIndex
DROP INDEX "Recipient_deliveryId_state_id_idx";

-- CreateIndex
CREATE INDEX "Recipient_deliveryId_id_idx" ON "Recipient"("deliveryId", "id");

-- CreateIndex
CREATE INDEX "Recipient_retryAt_idx" ON "Recipient"("retryAt");

-- Retries already taken keep no retryAt (lib/deliveries/soft-retry.ts clears it once due).
UPDATE "Recipient" SET "retryAt" = NULL WHERE "state" <> 'retry' AND "retryAt" IS NOT NULL;
