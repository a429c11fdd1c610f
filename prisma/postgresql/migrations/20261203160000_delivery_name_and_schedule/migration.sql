-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "scheduledAt" TIMESTAMP(3);

