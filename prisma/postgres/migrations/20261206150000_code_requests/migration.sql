-- A code asked for by text message, from the request to the page where it is typed (flows/code-request.ts).
-- CreateTable
CREATE TABLE "CodeRequest" (
    "idHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "typed" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CodeRequest_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "CodeRequest_expiresAt_idx" ON "CodeRequest"("expiresAt");

