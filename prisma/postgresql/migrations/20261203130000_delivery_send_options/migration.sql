-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "maxParts" INTEGER,
ADD COLUMN     "optionalTlvs" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "retryCount" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "retryPeriod" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "serviceId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "transmissionMode" TEXT NOT NULL DEFAULT 'normal',
ADD COLUMN     "validUntil" TIMESTAMP(3);

