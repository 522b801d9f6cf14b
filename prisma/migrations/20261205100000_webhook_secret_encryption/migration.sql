-- A webhook endpoint's signing secret may be kept encrypted (WEBHOOK_SECRET_KEY):
-- AES-256-GCM with the endpoint's id as associated data (server/src/webhooks/secrets.ts),
-- the key's id beside it so keys can rotate. A row holds its secret one way only:
-- in `secret` (no key was configured when it was written), or sealed in
-- `encrypted_secret` under `secret_key_id`. `api-tokens webhook seal-secrets` moves
-- plaintext secrets (and those of older keys) under the current key.

ALTER TABLE "webhook_endpoints" ALTER COLUMN "secret" DROP NOT NULL;
ALTER TABLE "webhook_endpoints" ADD COLUMN "encrypted_secret" BYTEA;
ALTER TABLE "webhook_endpoints" ADD COLUMN "secret_key_id" TEXT;
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_secret_stored_once"
  CHECK (("secret" IS NOT NULL AND "encrypted_secret" IS NULL AND "secret_key_id" IS NULL)
      OR ("secret" IS NULL AND "encrypted_secret" IS NOT NULL AND "secret_key_id" IS NOT NULL));
