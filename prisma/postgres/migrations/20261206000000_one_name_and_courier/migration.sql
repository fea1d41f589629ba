-- One name per thing: the registration draft (was SignUpDraft), the rate-limit counters (was RateLimiterFlexible,
-- named after a library no longer used), the captcha's and proof of work's ids (were "slots").
ALTER TABLE "SignUpDraft" RENAME TO "RegistrationDraft";
ALTER TABLE "RegistrationDraft" RENAME CONSTRAINT "SignUpDraft_pkey" TO "RegistrationDraft_pkey";
ALTER TABLE "RegistrationDraft" ADD COLUMN "messageId" TEXT;
ALTER TABLE "RateLimiterFlexible" RENAME TO "RateLimitCounter";
ALTER TABLE "RateLimitCounter" RENAME CONSTRAINT "RateLimiterFlexible_pkey" TO "RateLimitCounter_pkey";
ALTER INDEX "RateLimiterFlexible_expire_idx" RENAME TO "RateLimitCounter_expire_idx";
ALTER TABLE "Captcha" RENAME COLUMN "slotHash" TO "idHash";
ALTER TABLE "ProofOfWork" RENAME COLUMN "slotHash" TO "idHash";

-- The courier knows messages only: a channel, an opaque reference (what was the account id) and whether the body
-- holds a live link (what was the token hash).
CREATE TYPE "MessageChannel" AS ENUM ('email');
ALTER TABLE "OutboxMessage" ADD COLUMN "channel" "MessageChannel" NOT NULL DEFAULT 'email';
ALTER TABLE "OutboxMessage" RENAME COLUMN "accountId" TO "reference";
ALTER TABLE "OutboxMessage" ADD COLUMN "secret" BOOLEAN NOT NULL DEFAULT false;
UPDATE "OutboxMessage" SET "secret" = true WHERE "tokenHash" IS NOT NULL;
ALTER TABLE "OutboxMessage" DROP COLUMN "tokenHash";
DROP INDEX "OutboxMessage_to_createdAt_idx";
CREATE INDEX "OutboxMessage_reference_kind_idx" ON "OutboxMessage"("reference", "kind");
