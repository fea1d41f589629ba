-- Self-service on the account page: sessions listed by browser and place, the offers choice's date, and an audit
-- trail that forgets a deleted account's addresses.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "offersChangedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "browser" TEXT,
    "ipGroup" TEXT,
    CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Sessions from before get a random id of their own.
INSERT INTO "new_Session" ("id", "accountId", "createdAt", "expiresAt", "lastSeenAt", "tokenHash") SELECT 's' || lower(hex(randomblob(12))), "accountId", "createdAt", "expiresAt", "lastSeenAt", "tokenHash" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_id_key" ON "Session"("id");
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The audit trail stays append-only, with one exception: a deleted account's rows may lose their address group
-- (personal data), and nothing else may change.
DROP TRIGGER "AuditEvent_no_update";
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
WHEN NOT (NEW."ipGroup" IS NULL AND NEW."id" = OLD."id" AND NEW."at" = OLD."at" AND NEW."event" = OLD."event"
          AND NEW."outcome" = OLD."outcome" AND NEW."accountId" IS OLD."accountId")
BEGIN
    SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
