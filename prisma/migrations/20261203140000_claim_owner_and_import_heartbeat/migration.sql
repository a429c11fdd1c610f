-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "importHeartbeatAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "importOwner" TEXT;

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN "claimedBy" TEXT;

