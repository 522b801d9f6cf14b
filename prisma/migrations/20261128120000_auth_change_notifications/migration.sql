-- Announces every change that can alter what an API token authenticates as, on the
-- channel "api_token_auth", so that servers caching verified tokens drop them
-- (server/src/auth/verification-cache.ts). Payloads: 'u:<user id>' (that user's
-- tokens) and 'w:<workspace id>' (every token in that workspace). Triggers, not
-- application code, so the CLI, other instances and hand-written SQL are covered.
-- NOTIFY is delivered at commit, and only if the transaction commits.

CREATE FUNCTION "api_token_auth_notify_owners"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Statement level: one notification per owner, however many tokens were deleted.
  PERFORM pg_notify('api_token_auth', 'u:' || owner_id::text) FROM (SELECT DISTINCT owner_id FROM old_rows) AS owners;
  RETURN NULL;
END $$;

-- Row level: TG_ARGV[0] is the payload's kind ('u' or 'w'), TG_ARGV[1] the column of
-- OLD that holds the id (owner_id for a token, id for a user or a workspace).
CREATE FUNCTION "api_token_auth_notify_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_token_auth', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
  RETURN NULL;
END $$;

-- Revocation (and user deletion, which cascades to the tokens).
CREATE TRIGGER "api_tokens_auth_delete" AFTER DELETE ON "api_tokens"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "api_token_auth_notify_owners"();

-- Not last_used_at: it changes all the time and authenticates nothing.
CREATE TRIGGER "api_tokens_auth_update" AFTER UPDATE ON "api_tokens" FOR EACH ROW
  WHEN ((OLD.digest, OLD.owner_id, OLD.expires_at) IS DISTINCT FROM (NEW.digest, NEW.owner_id, NEW.expires_at))
  EXECUTE FUNCTION "api_token_auth_notify_row"('u', 'owner_id');

-- Not api_token_count: it changes with every create/revoke and is never cached.
CREATE TRIGGER "users_auth_update" AFTER UPDATE ON "users" FOR EACH ROW
  WHEN ((OLD.role, OLD.email, OLD.name, OLD.workspace_id) IS DISTINCT FROM (NEW.role, NEW.email, NEW.name, NEW.workspace_id))
  EXECUTE FUNCTION "api_token_auth_notify_row"('u', 'id');

CREATE TRIGGER "users_auth_delete" AFTER DELETE ON "users" FOR EACH ROW
  EXECUTE FUNCTION "api_token_auth_notify_row"('u', 'id');

CREATE TRIGGER "workspaces_auth_update" AFTER UPDATE ON "workspaces" FOR EACH ROW
  WHEN ((OLD.plan, OLD.audit_logs_enabled, OLD.name) IS DISTINCT FROM (NEW.plan, NEW.audit_logs_enabled, NEW.name))
  EXECUTE FUNCTION "api_token_auth_notify_row"('w', 'id');

CREATE TRIGGER "workspaces_auth_delete" AFTER DELETE ON "workspaces" FOR EACH ROW
  EXECUTE FUNCTION "api_token_auth_notify_row"('w', 'id');
