-- One name per thing: the registration draft (was SignUpDraft), the rate-limit counters (was RateLimiterFlexible,
-- named after a library no longer used), the captcha's and proof of work's ids (were "slots").
ALTER TABLE "SignUpDraft" RENAME TO "RegistrationDraft";
ALTER TABLE "RegistrationDraft" ADD COLUMN "messageId" TEXT;
ALTER TABLE "RateLimiterFlexible" RENAME TO "RateLimitCounter";
DROP INDEX "RateLimiterFlexible_expire_idx";
CREATE INDEX "RateLimitCounter_expire_idx" ON "RateLimitCounter"("expire");
ALTER TABLE "Captcha" RENAME COLUMN "slotHash" TO "idHash";
ALTER TABLE "ProofOfWork" RENAME COLUMN "slotHash" TO "idHash";

-- The courier knows messages only: a channel, an opaque reference (what was the account id) and whether the body
-- holds a live link (what was the token hash).
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL DEFAULT 'email',
    "kind" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "reference" TEXT,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "permanent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);
INSERT INTO "new_OutboxMessage" ("id", "kind", "to", "subject", "html", "text", "reference", "secret", "status", "attempts", "nextAttemptAt", "leaseUntil", "lastError", "permanent", "createdAt", "sentAt")
SELECT "id", "kind", "to", "subject", "html", "text", "accountId", "tokenHash" IS NOT NULL, "status", "attempts", "nextAttemptAt", "leaseUntil", "lastError", "permanent", "createdAt", "sentAt" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_reference_kind_idx" ON "OutboxMessage"("reference", "kind");
