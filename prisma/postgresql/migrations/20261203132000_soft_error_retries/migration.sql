-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "retried" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "retries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "retryAt" TIMESTAMP(3);

