-- Phone numbers (issue 22): an account or draft has an email, an E.164 phone, or (accounts) both; one-time codes;
-- the outbox's sms channel, code kinds and per-message expiry; the dev phone.
-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "expiresAt" DATETIME;

-- CreateTable
CREATE TABLE "DevSms" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "to" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OneTimeCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "sentTo" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "passwordHash" TEXT,
    "draftIdHash" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "OneTimeCode_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "miId" TEXT NOT NULL,
    "email" TEXT,
    "emailKey" TEXT,
    "phone" TEXT,
    "country" TEXT NOT NULL,
    "wantsOffers" BOOLEAN NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" DATETIME,
    "activationMailedAt" DATETIME,
    "offersChangedAt" DATETIME,
    "locale" TEXT NOT NULL DEFAULT 'en'
);
INSERT INTO "new_Account" ("activatedAt", "activationMailedAt", "country", "createdAt", "email", "emailKey", "id", "locale", "miId", "offersChangedAt", "passwordHash", "status", "wantsOffers") SELECT "activatedAt", "activationMailedAt", "country", "createdAt", "email", "emailKey", "id", "locale", "miId", "offersChangedAt", "passwordHash", "status", "wantsOffers" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_miId_key" ON "Account"("miId");
CREATE UNIQUE INDEX "Account_emailKey_key" ON "Account"("emailKey");
CREATE UNIQUE INDEX "Account_phone_key" ON "Account"("phone");
CREATE TABLE "new_RegistrationDraft" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT,
    "phone" TEXT,
    "country" TEXT NOT NULL,
    "wantsOffers" BOOLEAN NOT NULL,
    "submittedAt" DATETIME,
    "passwordHash" TEXT,
    "lastMailAt" DATETIME,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);
INSERT INTO "new_RegistrationDraft" ("country", "createdAt", "email", "expiresAt", "idHash", "lastMailAt", "messageId", "passwordHash", "submittedAt", "wantsOffers") SELECT "country", "createdAt", "email", "expiresAt", "idHash", "lastMailAt", "messageId", "passwordHash", "submittedAt", "wantsOffers" FROM "RegistrationDraft";
DROP TABLE "RegistrationDraft";
ALTER TABLE "new_RegistrationDraft" RENAME TO "RegistrationDraft";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OneTimeCode_accountId_purpose_idx" ON "OneTimeCode"("accountId", "purpose");

