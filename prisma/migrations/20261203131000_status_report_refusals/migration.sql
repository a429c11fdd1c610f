-- The column is added in place (SQLite ADD COLUMN with a constant default needs no table copy) rather than by the
-- table copy that `prisma migrate diff` writes, since StatusReport holds every SR. Checked: the columns and indexes
-- it leaves are the same as those of the SQL that `migrate diff --from-schema-datamodel` gave.
ALTER TABLE "StatusReport" ADD COLUMN "refusals" INTEGER NOT NULL DEFAULT 0;
