-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "importHeartbeatAt" TIMESTAMP(3),
ADD COLUMN     "importOwner" TEXT;

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "claimedBy" TEXT;

