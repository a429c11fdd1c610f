-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sender" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "bouncesAndErrors" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "possiblyDuplicated" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "quarantined" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "phoneColumn" TEXT,
    "sourceFile" TEXT,
    "error" TEXT,
    "rateSamples" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "serviceId" TEXT NOT NULL DEFAULT '',
    "transmissionMode" TEXT NOT NULL DEFAULT 'normal',
    "validUntil" DATETIME,
    "maxParts" INTEGER,
    "optionalTlvs" TEXT NOT NULL DEFAULT '[]',
    "retryCount" INTEGER NOT NULL DEFAULT 3,
    "retryPeriod" INTEGER NOT NULL DEFAULT 60,
    CONSTRAINT "Delivery_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "RoutingAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Delivery" ("accountId", "bouncesAndErrors", "createdAt", "createdBy", "delivered", "duplicates", "error", "failed", "finishedAt", "id", "invalid", "phoneColumn", "possiblyDuplicated", "processed", "quarantined", "rateSamples", "sender", "sent", "skipped", "sourceFile", "startedAt", "status", "text", "total") SELECT "accountId", "bouncesAndErrors", "createdAt", "createdBy", "delivered", "duplicates", "error", "failed", "finishedAt", "id", "invalid", "phoneColumn", "possiblyDuplicated", "processed", "quarantined", "rateSamples", "sender", "sent", "skipped", "sourceFile", "startedAt", "status", "text", "total" FROM "Delivery";
DROP TABLE "Delivery";
ALTER TABLE "new_Delivery" RENAME TO "Delivery";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

