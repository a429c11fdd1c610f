-- Columns added in place (SQLite ADD COLUMN with a constant default needs no table copy) rather than by the table
-- copy that `prisma migrate diff` writes, since Recipient holds every number of every delivery. Checked: the columns
-- and indexes they leave are the same as those of the SQL that `migrate diff --from-schema-datamodel` gave.
ALTER TABLE "Delivery" ADD COLUMN "retried" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Recipient" ADD COLUMN "retries" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Recipient" ADD COLUMN "retryAt" DATETIME;
