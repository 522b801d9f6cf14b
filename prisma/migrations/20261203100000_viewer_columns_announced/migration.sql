-- Issue 16: `viewer` is answered from what authentication read (auth/user-row.ts):
-- the user's name and creation, and the workspace's name, re-viewing setting
-- (tokens_revealable) and creation now sit in the verified-token cache beside the
-- role and the plan. Every column that cache holds must announce its change, so the
-- triggers of 20261128120000 (users) and 20261202110000 (workspaces) watch them too.
-- created_at never changes through the application; watched so hand-written SQL is covered.

DROP TRIGGER "users_auth_update" ON "users";
CREATE TRIGGER "users_auth_update" AFTER UPDATE ON "users" FOR EACH ROW
  WHEN ((OLD.role, OLD.email, OLD.name, OLD.workspace_id, OLD.created_at)
        IS DISTINCT FROM (NEW.role, NEW.email, NEW.name, NEW.workspace_id, NEW.created_at))
  EXECUTE FUNCTION "api_token_auth_notify_row"('u', 'id');

DROP TRIGGER "workspaces_auth_update" ON "workspaces";
CREATE TRIGGER "workspaces_auth_update" AFTER UPDATE ON "workspaces" FOR EACH ROW
  WHEN ((OLD.plan, OLD.audit_logs_enabled, OLD.name, OLD.max_lifetime_days, OLD.inactivity_revoke_days,
         OLD.tokens_revealable, OLD.created_at)
        IS DISTINCT FROM (NEW.plan, NEW.audit_logs_enabled, NEW.name, NEW.max_lifetime_days, NEW.inactivity_revoke_days,
         NEW.tokens_revealable, NEW.created_at))
  EXECUTE FUNCTION "api_token_auth_notify_row"('w', 'id');
