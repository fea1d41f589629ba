-- A code asked for by text message, from the request to the page where it is typed (flows/code-request.ts).
-- CreateTable
CREATE TABLE "CodeRequest" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "typed" INTEGER NOT NULL DEFAULT 0,
    "sentAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CodeRequest_expiresAt_idx" ON "CodeRequest"("expiresAt");

