-- Issue 13: a token's lifecycle a person can see.
-- 1. Where a token was last used from, written with last_used_at under its throttle.
-- 2. Opt-in re-viewing: a workspace switch, and each new token's value encrypted
--    (AES-256-GCM, server/src/tokens/reveal-crypto.ts) with the id of the key used.
--    The digest stays the lookup; the ciphertext is never read to authenticate.
-- 3. Revoked history: a non-secret record of each revoked token, kept for
--    REVOKED_RETENTION_DAYS, with its digest so that a request made with the revoked
--    token can be counted (the auth lookup reads both tables in one statement).
-- 4. Audit events that concern no single token (the workspace policy) and details
--    (a rename's old name).
-- No trigger of 20261128120000 fires for the new columns: none of them changes
-- what a token authenticates as.

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'API_TOKEN_RENAMED';
ALTER TYPE "AuditAction" ADD VALUE 'API_TOKEN_REVEALED';
ALTER TYPE "AuditAction" ADD VALUE 'WORKSPACE_TOKEN_POLICY_UPDATED';

-- CreateEnum
CREATE TYPE "RevocationReason" AS ENUM ('OWNER', 'ADMIN', 'LEAKED', 'INACTIVE');

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN "tokens_revealable" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN "last_used_ip" TEXT,
ADD COLUMN "last_used_user_agent" TEXT,
ADD COLUMN "encrypted_value" BYTEA,
ADD COLUMN "encryption_key_id" TEXT;

-- AlterTable
ALTER TABLE "audit_events" ALTER COLUMN "api_token_id" DROP NOT NULL,
ALTER COLUMN "api_token_name" DROP NOT NULL,
ADD COLUMN "details" TEXT;

-- CreateTable
CREATE TABLE "revoked_api_tokens" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "digest" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_by" TEXT,
    "reason" "RevocationReason" NOT NULL,
    "used_after_revocation_count" INTEGER NOT NULL DEFAULT 0,
    "last_used_after_revocation_at" TIMESTAMPTZ(3),
    "last_used_after_revocation_ip" TEXT,

    CONSTRAINT "revoked_api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "revoked_api_tokens_digest_idx" ON "revoked_api_tokens"("digest");

-- CreateIndex
CREATE INDEX "revoked_api_tokens_owner_id_revoked_at_idx" ON "revoked_api_tokens"("owner_id", "revoked_at" DESC);

-- CreateIndex
CREATE INDEX "revoked_api_tokens_revoked_at_idx" ON "revoked_api_tokens"("revoked_at");

-- AddForeignKey
ALTER TABLE "revoked_api_tokens" ADD CONSTRAINT "revoked_api_tokens_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
