-- CreateIndex
CREATE INDEX "MessagePart_createdAt_idx" ON "MessagePart"("createdAt");

-- CreateIndex
CREATE INDEX "StatusReport_createdAt_idx" ON "StatusReport"("createdAt");
