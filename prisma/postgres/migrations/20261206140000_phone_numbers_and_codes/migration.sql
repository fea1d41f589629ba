-- Phone numbers (issue 22): an account or draft has an email, an E.164 phone, or (accounts) both; one-time codes;
-- the outbox's sms channel, code kinds and per-message expiry; the dev phone.
-- CreateEnum
CREATE TYPE "CodePurpose" AS ENUM ('registration', 'sign-in', 'recovery', 'binding');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditEventName" ADD VALUE 'code-sent';
ALTER TYPE "AuditEventName" ADD VALUE 'code-failed';
ALTER TYPE "AuditEventName" ADD VALUE 'identifier-bound';
ALTER TYPE "AuditEventName" ADD VALUE 'identifier-removed';

-- AlterEnum
ALTER TYPE "MessageChannel" ADD VALUE 'sms';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OutboxKind" ADD VALUE 'registration-code';
ALTER TYPE "OutboxKind" ADD VALUE 'sign-in-code';
ALTER TYPE "OutboxKind" ADD VALUE 'recovery-code';
ALTER TYPE "OutboxKind" ADD VALUE 'binding-code';

-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "phone" TEXT,
ALTER COLUMN "email" DROP NOT NULL,
ALTER COLUMN "emailKey" DROP NOT NULL;

-- AlterTable
ALTER TABLE "RegistrationDraft" ADD COLUMN     "phone" TEXT,
ALTER COLUMN "email" DROP NOT NULL;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "expiresAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DevSms" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevSms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneTimeCode" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "purpose" "CodePurpose" NOT NULL,
    "sentTo" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "passwordHash" TEXT,
    "draftIdHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "OneTimeCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OneTimeCode_accountId_purpose_idx" ON "OneTimeCode"("accountId", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "Account_phone_key" ON "Account"("phone");

-- AddForeignKey
ALTER TABLE "OneTimeCode" ADD CONSTRAINT "OneTimeCode_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

