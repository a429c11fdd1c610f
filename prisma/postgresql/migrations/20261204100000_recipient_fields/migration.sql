-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "fields" TEXT;
