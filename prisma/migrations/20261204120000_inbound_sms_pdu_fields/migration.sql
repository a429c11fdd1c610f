-- Issue 13: what the deliver_sm of an MO said (TON/NPI, esm_class), its number of parts and the bind it came on,
-- for the Incoming SMS detail view. Nullable: rows stored before keep their place.
-- AlterTable
ALTER TABLE "InboundSms" ADD COLUMN "bindIndex" INTEGER;
ALTER TABLE "InboundSms" ADD COLUMN "bindRole" TEXT;
ALTER TABLE "InboundSms" ADD COLUMN "destNpi" INTEGER;
ALTER TABLE "InboundSms" ADD COLUMN "destTon" INTEGER;
ALTER TABLE "InboundSms" ADD COLUMN "esmClass" INTEGER;
ALTER TABLE "InboundSms" ADD COLUMN "parts" INTEGER;
ALTER TABLE "InboundSms" ADD COLUMN "sourceNpi" INTEGER;
ALTER TABLE "InboundSms" ADD COLUMN "sourceTon" INTEGER;
