-- Proof-of-work challenges for sign-up and sign-in (lib/server/security/proof-of-work.ts).
-- CreateTable
CREATE TABLE "ProofOfWork" (
    "slotHash" TEXT NOT NULL PRIMARY KEY,
    "parameters" TEXT NOT NULL,
    "hard" BOOLEAN NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

