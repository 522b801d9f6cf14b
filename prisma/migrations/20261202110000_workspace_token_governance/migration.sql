-- Issue 14 (part B): a workspace's token governance.
-- 1. Two policies beside "tokens can be viewed again": the longest lifetime a new
--    token may have (max_lifetime_days; null = no limit), and how long a token may go
--    unused before the inactivity sweep revokes it (inactivity_revoke_days; null = off).
--    Both 1–3650 days; the API and the CLI say so first (tokens/policy.ts), the
--    constraints keep hand-written SQL honest.
-- 2. Both are read with the caller at authentication (auth/user-row.ts), so the
--    verified-token cache must drop a workspace's entries when either changes: the
--    workspace trigger of 20261128120000 now watches them too.

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN "max_lifetime_days" INTEGER,
ADD COLUMN "inactivity_revoke_days" INTEGER;

ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_max_lifetime_days_check"
  CHECK ("max_lifetime_days" BETWEEN 1 AND 3650);
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_inactivity_revoke_days_check"
  CHECK ("inactivity_revoke_days" BETWEEN 1 AND 3650);

DROP TRIGGER "workspaces_auth_update" ON "workspaces";
CREATE TRIGGER "workspaces_auth_update" AFTER UPDATE ON "workspaces" FOR EACH ROW
  WHEN ((OLD.plan, OLD.audit_logs_enabled, OLD.name, OLD.max_lifetime_days, OLD.inactivity_revoke_days)
        IS DISTINCT FROM (NEW.plan, NEW.audit_logs_enabled, NEW.name, NEW.max_lifetime_days, NEW.inactivity_revoke_days))
  EXECUTE FUNCTION "api_token_auth_notify_row"('w', 'id');
