
-- CreateTable
CREATE TABLE "OidcArtifact" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "accountId" TEXT,
    "clientId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "OidcArtifact_pkey" PRIMARY KEY ("kind","id")
);

-- CreateTable
CREATE TABLE "OidcClient" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metadata" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OidcClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OidcKey" (
    "kid" TEXT NOT NULL,
    "use" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "jwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "OidcKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "AppAccess" (
    "accountId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "firstUsedAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppAccess_pkey" PRIMARY KEY ("accountId","clientId")
);

-- CreateIndex
CREATE INDEX "OidcArtifact_grantId_idx" ON "OidcArtifact"("grantId");

-- CreateIndex
CREATE INDEX "OidcArtifact_uid_idx" ON "OidcArtifact"("uid");

-- CreateIndex
CREATE INDEX "OidcArtifact_accountId_kind_idx" ON "OidcArtifact"("accountId", "kind");

-- CreateIndex
CREATE INDEX "OidcArtifact_expiresAt_idx" ON "OidcArtifact"("expiresAt");

-- CreateIndex
CREATE INDEX "OidcKey_use_retiredAt_idx" ON "OidcKey"("use", "retiredAt");

-- AddForeignKey
ALTER TABLE "AppAccess" ADD CONSTRAINT "AppAccess_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

