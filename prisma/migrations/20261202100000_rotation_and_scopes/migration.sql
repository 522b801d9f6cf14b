-- Issue 14 (part A): rotation that keeps a token's identity, and scopes.
-- 1. Scopes: what a token may do (TOKENS_READ, TOKENS_WRITE, AUDIT_READ,
--    WORKSPACE_ADMIN), chosen at creation and never changed afterwards. Existing
--    tokens get what their owner's role may hold, so they keep today's behaviour:
--    admins all four, everyone else TOKENS_READ and TOKENS_WRITE. The default is for
--    rows inserted by hand (the application always names the scopes): never an
--    admin scope by accident.
-- 2. Rotation: a new secret for the same row (same id, name, history). The old
--    secret's digest, when it stops working and its own last use are kept beside the
--    new one while it overlaps; authentication finds a token by either digest
--    (server/src/auth/authenticate.ts, each branch on its own unique index).
--    `rotated_at` is when the current secret was issued (null: at creation).
-- 3. A rotated-away secret leaves a revoked-history record (reason ROTATED) whose
--    revoked_at is the end of its overlap, so a request made with it afterwards is
--    refused and counted like any revoked token's.
-- 4. The authentication-change trigger of 20261128120000 also fires for the new
--    columns that change what a credential authenticates as (the previous secret and
--    its end, the scopes), so verified-token caches drop them.

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'API_TOKEN_ROTATED';
ALTER TYPE "RevocationReason" ADD VALUE 'ROTATED';

-- CreateEnum
CREATE TYPE "ApiTokenScope" AS ENUM ('TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN');

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN "scopes" "ApiTokenScope"[] NOT NULL DEFAULT ARRAY['TOKENS_READ', 'TOKENS_WRITE']::"ApiTokenScope"[],
ADD COLUMN "rotated_at" TIMESTAMPTZ(3),
ADD COLUMN "previous_digest" BYTEA,
ADD COLUMN "previous_secret_expires_at" TIMESTAMPTZ(3),
ADD COLUMN "previous_secret_last_used_at" TIMESTAMPTZ(3);

-- Backfill: admins' tokens get every scope (they could do everything until now).
UPDATE "api_tokens" AS t SET "scopes" = ARRAY['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN']::"ApiTokenScope"[]
  FROM "users" AS u WHERE u."id" = t."owner_id" AND u."role" = 'ADMIN';

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_previous_digest_key" ON "api_tokens"("previous_digest");

-- The authentication-change notification, now also for the previous secret and the scopes.
DROP TRIGGER "api_tokens_auth_update" ON "api_tokens";
CREATE TRIGGER "api_tokens_auth_update" AFTER UPDATE ON "api_tokens" FOR EACH ROW
  WHEN ((OLD.digest, OLD.owner_id, OLD.expires_at, OLD.previous_digest, OLD.previous_secret_expires_at, OLD.scopes)
        IS DISTINCT FROM (NEW.digest, NEW.owner_id, NEW.expires_at, NEW.previous_digest, NEW.previous_secret_expires_at, NEW.scopes))
  EXECUTE FUNCTION "api_token_auth_notify_row"('u', 'owner_id');
