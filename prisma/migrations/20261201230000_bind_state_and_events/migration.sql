-- CreateTable
CREATE TABLE "BindState" (
    "accountId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "connectionIndex" INTEGER NOT NULL,
    "bindKey" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "lastError" TEXT,
    "inFlight" INTEGER NOT NULL DEFAULT 0,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "heldMt" INTEGER NOT NULL DEFAULT 0,
    "sentLastMinute" INTEGER NOT NULL DEFAULT 0,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "systemId" TEXT NOT NULL,
    "smscSystemId" TEXT,
    "accountState" TEXT NOT NULL,
    "accountSince" DATETIME NOT NULL,
    "nodeId" TEXT NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,

    PRIMARY KEY ("accountId", "role", "connectionIndex")
);

-- CreateTable
CREATE TABLE "BindEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" TEXT NOT NULL,
    "connectionIndex" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cause" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER,
    "nodeId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ConnectorNode" (
    "nodeId" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ChangeCounter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "BindState_nodeId_idx" ON "BindState"("nodeId");

-- CreateIndex
CREATE INDEX "BindEvent_accountId_at_idx" ON "BindEvent"("accountId", "at");

-- CreateIndex
CREATE INDEX "BindEvent_at_idx" ON "BindEvent"("at");

