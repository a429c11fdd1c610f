-- Issue 13: personalisation. Each recipient keeps the CSV cells its delivery's text names (JSON object text).
-- Added in place (SQLite ADD COLUMN of a nullable column needs no table copy).
ALTER TABLE "Recipient" ADD COLUMN "fields" TEXT;
