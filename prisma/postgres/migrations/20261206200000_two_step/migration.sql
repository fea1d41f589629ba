-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditEventName" ADD VALUE 'two-step-enabled';
ALTER TYPE "AuditEventName" ADD VALUE 'two-step-disabled';
ALTER TYPE "AuditEventName" ADD VALUE 'recovery-codes-renewed';
ALTER TYPE "AuditEventName" ADD VALUE 'recovery-code-used';
ALTER TYPE "AuditEventName" ADD VALUE 'second-step-failed';

-- AlterEnum
ALTER TYPE "OutboxKind" ADD VALUE 'two-step-notice';

-- AlterTable
ALTER TABLE "TrustedDevice" ADD COLUMN     "secondStepSkippedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AuthenticatorApp" (
    "accountId" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "lastTimeStep" INTEGER,

    CONSTRAINT "AuthenticatorApp_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "codeHash" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("codeHash")
);

-- CreateTable
CREATE TABLE "SecondStep" (
    "tokenHash" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "firstStep" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SecondStep_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "RecoveryCode_accountId_idx" ON "RecoveryCode"("accountId");

-- CreateIndex
CREATE INDEX "SecondStep_accountId_idx" ON "SecondStep"("accountId");

-- AddForeignKey
ALTER TABLE "AuthenticatorApp" ADD CONSTRAINT "AuthenticatorApp_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecondStep" ADD CONSTRAINT "SecondStep_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

