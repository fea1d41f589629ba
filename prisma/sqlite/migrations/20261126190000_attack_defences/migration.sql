-- Defences against attackers: sign-in attempts reserved per typed identifier, trusted browsers, one account per
-- mailbox regardless of letter case, and activation links bound to the registration that made them.

-- AlterTable
ALTER TABLE "SignUpDraft" ADD COLUMN "passwordHash" TEXT;

-- CreateTable
CREATE TABLE "TrustedDevice" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "TrustedDevice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "pausedUntil" DATETIME,
    "pauseOwner" INTEGER,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "miId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailKey" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "wantsOffers" BOOLEAN NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" DATETIME,
    "activationMailedAt" DATETIME
);
-- emailKey: one account per mailbox whatever the letter case. Where existing rows differ only in case, the active
-- (else the oldest) account keeps the address; the others keep their rows but can no longer be found by email.
INSERT INTO "new_Account" ("activatedAt", "activationMailedAt", "country", "createdAt", "email", "emailKey", "id", "miId", "passwordHash", "status", "wantsOffers")
SELECT a."activatedAt", a."activationMailedAt", a."country", a."createdAt", a."email",
    CASE WHEN EXISTS (
        SELECT 1 FROM "Account" b
        WHERE lower(b."email") = lower(a."email") AND b."id" <> a."id" AND (
            (b."status" = 'active' AND a."status" <> 'active')
            OR (b."status" = a."status" AND (b."createdAt" < a."createdAt" OR (b."createdAt" = a."createdAt" AND b."id" < a."id")))
        )
    ) THEN lower(a."email") || '#duplicate:' || a."id" ELSE lower(a."email") END,
    a."id", a."miId", a."passwordHash", a."status", a."wantsOffers"
FROM "Account" a;
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_miId_key" ON "Account"("miId");
CREATE UNIQUE INDEX "Account_emailKey_key" ON "Account"("emailKey");
CREATE TABLE "new_ActivationToken" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "passwordHash" TEXT NOT NULL,
    "draftIdHash" TEXT,
    "accountId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "ActivationToken_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Links made before this migration carry the account's current password and no browser: another browser
-- must type that password to use one.
INSERT INTO "new_ActivationToken" ("accountId", "createdAt", "expiresAt", "tokenHash", "usedAt", "passwordHash", "draftIdHash")
SELECT t."accountId", t."createdAt", t."expiresAt", t."tokenHash", t."usedAt", a."passwordHash", NULL
FROM "ActivationToken" t JOIN "Account" a ON a."id" = t."accountId";
DROP TABLE "ActivationToken";
ALTER TABLE "new_ActivationToken" RENAME TO "ActivationToken";
CREATE INDEX "ActivationToken_accountId_idx" ON "ActivationToken"("accountId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TrustedDevice_accountId_idx" ON "TrustedDevice"("accountId");
