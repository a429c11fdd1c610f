-- AlterTable
ALTER TABLE "StatusReport" ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0;

