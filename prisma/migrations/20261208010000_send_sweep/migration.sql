-- Issue 9: the send journal's sweep marks (Delivery.sweptThrough, settledThrough; lib/deliveries/send-journal-sqlite.ts).
-- Added in place (SQLite ADD COLUMN with a constant default needs no table copy).
ALTER TABLE "Delivery" ADD COLUMN "sweptThrough" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Delivery" ADD COLUMN "settledThrough" INTEGER NOT NULL DEFAULT 0;
