-- The bind that received each SR (role, connection index, connector node), for the unmatched receipts list.
-- AlterTable
ALTER TABLE "StatusReport" ADD COLUMN "bindIndex" INTEGER;
ALTER TABLE "StatusReport" ADD COLUMN "bindNodeId" TEXT;
ALTER TABLE "StatusReport" ADD COLUMN "bindRole" TEXT;
