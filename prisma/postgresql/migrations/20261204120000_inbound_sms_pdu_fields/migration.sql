-- Issue 13: the twin of prisma/migrations/20261204120000_inbound_sms_pdu_fields (the MO's TON/NPI, esm_class, parts and bind).
-- AlterTable
ALTER TABLE "InboundSms" ADD COLUMN     "bindIndex" INTEGER,
ADD COLUMN     "bindRole" TEXT,
ADD COLUMN     "destNpi" INTEGER,
ADD COLUMN     "destTon" INTEGER,
ADD COLUMN     "esmClass" INTEGER,
ADD COLUMN     "parts" INTEGER,
ADD COLUMN     "sourceNpi" INTEGER,
ADD COLUMN     "sourceTon" INTEGER;
