-- The bind that received each SR (role, connection index, connector node), for the unmatched receipts list.
-- AlterTable
ALTER TABLE "StatusReport" ADD COLUMN     "bindIndex" INTEGER,
ADD COLUMN     "bindNodeId" TEXT,
ADD COLUMN     "bindRole" TEXT;
