-- AlterEnum
ALTER TYPE "AuditEventName" ADD VALUE 'new-device-sign-in';

-- AlterEnum
ALTER TYPE "OutboxKind" ADD VALUE 'new-device-code';

-- AlterEnum
ALTER TYPE "CodePurpose" ADD VALUE 'new-device';

-- AlterTable
ALTER TABLE "SecondStep" ADD COLUMN     "check" TEXT NOT NULL DEFAULT 'two-step';

