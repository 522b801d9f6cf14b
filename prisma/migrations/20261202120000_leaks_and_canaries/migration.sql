-- Issue 15, part one: leaked tokens and canary tokens.
-- 1. A token reported by a secret-scanning program (POST /secret-scanning) is revoked
--    with reason LEAKED; its revoked record says where it was found (the report's url
--    and source), and the audit log has API_TOKEN_LEAKED.
-- 2. A canary token never authenticates anything: `canary` is set at creation and
--    never changes (so no trigger of 20261128120000 needs to watch it). Every use is
--    a trip: kept in canary_trips (at most 100 per token, the oldest dropped) and
--    counted on the token; audited as API_TOKEN_CANARY_TRIGGERED.

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'API_TOKEN_LEAKED';
ALTER TYPE "AuditAction" ADD VALUE 'API_TOKEN_CANARY_TRIGGERED';

-- AlterTable
ALTER TABLE "revoked_api_tokens" ADD COLUMN "leak_url" TEXT,
ADD COLUMN "leak_source" TEXT;

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN "canary" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "canary_trip_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "canary_trips" (
    "id" UUID NOT NULL,
    "token_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    "found_at_url" TEXT,

    CONSTRAINT "canary_trips_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "canary_trips_token_id_id_idx" ON "canary_trips"("token_id", "id" DESC);

-- AddForeignKey
ALTER TABLE "canary_trips" ADD CONSTRAINT "canary_trips_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
