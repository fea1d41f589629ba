-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SecondStep" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "firstStep" TEXT NOT NULL,
    "check" TEXT NOT NULL DEFAULT 'two-step',
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "SecondStep_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SecondStep" ("accountId", "createdAt", "expiresAt", "firstStep", "tokenHash") SELECT "accountId", "createdAt", "expiresAt", "firstStep", "tokenHash" FROM "SecondStep";
DROP TABLE "SecondStep";
ALTER TABLE "new_SecondStep" RENAME TO "SecondStep";
CREATE INDEX "SecondStep_accountId_idx" ON "SecondStep"("accountId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

