-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "lastSignInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "scope" TEXT NOT NULL DEFAULT 'full',

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "RoutingAccount" (
    "id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "internalName" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "tls" BOOLEAN NOT NULL,
    "settings" TEXT NOT NULL,
    "passwordSealed" TEXT,
    "receiverPasswordSealed" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoutingAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "accountId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundSms" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "dataCoding" INTEGER NOT NULL,
    "providerId" TEXT,
    "receivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "keyword" TEXT,
    "action" TEXT,

    CONSTRAINT "InboundSms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundPart" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "reference" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "dataCoding" INTEGER NOT NULL,
    "payload" BYTEA NOT NULL,
    "destination" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Quarantine" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "shortCode" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Quarantine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" SERIAL NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "line" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "messageId" TEXT,
    "errorCode" TEXT,
    "possiblyDuplicated" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessagePart" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "recipientId" INTEGER,
    "messageId" TEXT,
    "state" TEXT NOT NULL,
    "status" TEXT,
    "errorCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessagePart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusReport" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "errorCode" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "matched" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatusReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BindState" (
    "accountId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "connectionIndex" INTEGER NOT NULL,
    "bindKey" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
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
    "accountSince" TIMESTAMP(3) NOT NULL,
    "nodeId" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BindState_pkey" PRIMARY KEY ("accountId","role","connectionIndex")
);

-- CreateTable
CREATE TABLE "BindEvent" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "connectionIndex" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cause" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER,
    "nodeId" TEXT NOT NULL,

    CONSTRAINT "BindEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectorNode" (
    "nodeId" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "ConnectorNode_pkey" PRIMARY KEY ("nodeId")
);

-- CreateTable
CREATE TABLE "ChangeCounter" (
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeCounter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "MetricCounter" (
    "name" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,
    "sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricCounter_pkey" PRIMARY KEY ("name","accountId","label")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "RoutingAccount_internalName_key" ON "RoutingAccount"("internalName");

-- CreateIndex
CREATE INDEX "AuditEntry_accountId_createdAt_idx" ON "AuditEntry"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "InboundSms_receivedAt_id_idx" ON "InboundSms"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "InboundSms_accountId_receivedAt_id_idx" ON "InboundSms"("accountId", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "InboundSms_origin_receivedAt_id_idx" ON "InboundSms"("origin", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "InboundSms_createdAt_id_idx" ON "InboundSms"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "InboundPart_accountId_origin_reference_seq_key" ON "InboundPart"("accountId", "origin", "reference", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Quarantine_number_shortCode_key" ON "Quarantine"("number", "shortCode");

-- CreateIndex
CREATE INDEX "Recipient_deliveryId_state_id_idx" ON "Recipient"("deliveryId", "state", "id");

-- CreateIndex
CREATE INDEX "MessagePart_accountId_messageId_idx" ON "MessagePart"("accountId", "messageId");

-- CreateIndex
CREATE INDEX "MessagePart_createdAt_idx" ON "MessagePart"("createdAt");

-- CreateIndex
CREATE INDEX "StatusReport_accountId_messageId_idx" ON "StatusReport"("accountId", "messageId");

-- CreateIndex
CREATE INDEX "StatusReport_accountId_matched_idx" ON "StatusReport"("accountId", "matched");

-- CreateIndex
CREATE INDEX "StatusReport_createdAt_idx" ON "StatusReport"("createdAt");

-- CreateIndex
CREATE INDEX "BindState_nodeId_idx" ON "BindState"("nodeId");

-- CreateIndex
CREATE INDEX "BindEvent_accountId_at_idx" ON "BindEvent"("accountId", "at");

-- CreateIndex
CREATE INDEX "BindEvent_at_idx" ON "BindEvent"("at");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "RoutingAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundSms" ADD CONSTRAINT "InboundSms_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "RoutingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "RoutingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

