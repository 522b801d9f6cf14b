-- Two gaps left by hand-written SQL, closed with triggers so that whoever changes
-- the rows (API, CLI, an operator's SQL) cannot get them wrong.
--
-- 1. TRUNCATE fires no row triggers, so 20261128120000's notifications never
--    covered it. A TRUNCATE of tokens, users or workspaces now announces '*' on
--    "api_token_auth": every server empties its verified-token cache.
-- 2. users.api_token_count (what `totalCount` reads) was kept by the application in
--    the create/revoke transactions, so a raw DELETE left it wrong. Triggers keep it
--    now, in the same transaction as the change, and the application no longer
--    touches it. The counts are recomputed once at the end of this migration.

CREATE FUNCTION "api_token_auth_notify_all"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_token_auth', '*');
  RETURN NULL;
END $$;

-- TRUNCATE ... CASCADE fires these for every table it empties; PostgreSQL folds
-- identical notifications of one transaction into one.
CREATE TRIGGER "api_tokens_auth_truncate" AFTER TRUNCATE ON "api_tokens"
  FOR EACH STATEMENT EXECUTE FUNCTION "api_token_auth_notify_all"();
CREATE TRIGGER "users_auth_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "api_token_auth_notify_all"();
CREATE TRIGGER "workspaces_auth_truncate" AFTER TRUNCATE ON "workspaces"
  FOR EACH STATEMENT EXECUTE FUNCTION "api_token_auth_notify_all"();

-- Statement level with transition tables: one UPDATE per owner per statement,
-- however many rows it inserted or deleted (a user's deletion cascading to ten
-- thousand tokens does not rewrite the user's row ten thousand times).
CREATE FUNCTION "api_tokens_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "users" AS u SET "api_token_count" = u."api_token_count" + n."count"
    FROM (SELECT "owner_id", count(*)::integer AS "count" FROM new_rows GROUP BY "owner_id") AS n
   WHERE u."id" = n."owner_id";
  RETURN NULL;
END $$;

CREATE FUNCTION "api_tokens_count_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A user deleted in the same statement (the cascade) is already gone: nothing to update.
  UPDATE "users" AS u SET "api_token_count" = u."api_token_count" - o."count"
    FROM (SELECT "owner_id", count(*)::integer AS "count" FROM old_rows GROUP BY "owner_id") AS o
   WHERE u."id" = o."owner_id";
  RETURN NULL;
END $$;

-- A token given to another user moves one unit of count. Row level, because
-- transition tables cannot go with a column list, and this way the WHEN clause
-- keeps the frequent last_used_at writes free of any work.
CREATE FUNCTION "api_tokens_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "users" SET "api_token_count" = "api_token_count" - 1 WHERE "id" = OLD."owner_id";
  UPDATE "users" SET "api_token_count" = "api_token_count" + 1 WHERE "id" = NEW."owner_id";
  RETURN NULL;
END $$;

CREATE FUNCTION "api_tokens_count_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "users" SET "api_token_count" = 0 WHERE "api_token_count" <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER "api_tokens_count_insert" AFTER INSERT ON "api_tokens"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "api_tokens_count_inserted"();
CREATE TRIGGER "api_tokens_count_delete" AFTER DELETE ON "api_tokens"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "api_tokens_count_deleted"();
CREATE TRIGGER "api_tokens_count_move" AFTER UPDATE OF "owner_id" ON "api_tokens" FOR EACH ROW
  WHEN (OLD."owner_id" IS DISTINCT FROM NEW."owner_id") EXECUTE FUNCTION "api_tokens_count_moved"();
CREATE TRIGGER "api_tokens_count_truncate" AFTER TRUNCATE ON "api_tokens"
  FOR EACH STATEMENT EXECUTE FUNCTION "api_tokens_count_truncated"();

-- Backfill: the exact count for every user whose stored one is wrong (e.g. after a
-- raw DELETE). CREATE TRIGGER above locked api_tokens against writes until this
-- transaction commits, so nothing slips between the recount and the triggers.
-- (A server of an earlier version still running after this commit would add its own
-- +1/-1 on top of the trigger's: stop those before upgrading, or run this again.)
UPDATE "users" AS u SET "api_token_count" = c."count"
  FROM (SELECT "users"."id", count("api_tokens"."id")::integer AS "count"
          FROM "users" LEFT JOIN "api_tokens" ON "api_tokens"."owner_id" = "users"."id"
         GROUP BY "users"."id") AS c
 WHERE u."id" = c."id" AND u."api_token_count" <> c."count";
