-- AlterTable (issue 9: the SQLite send journal's sweep marks; PostgreSQL claims per row and leaves them at 0)
ALTER TABLE "Delivery" ADD COLUMN     "sweptThrough" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "settledThrough" INTEGER NOT NULL DEFAULT 0;
