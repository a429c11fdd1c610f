-- Issue 13: a delivery's name and its scheduled start. Columns added in place (SQLite ADD COLUMN with a constant
-- default needs no table copy) rather than by the table copy that `prisma migrate diff` writes; the columns are the
-- same as those of its SQL.
ALTER TABLE "Delivery" ADD COLUMN "name" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Delivery" ADD COLUMN "scheduledAt" DATETIME;
