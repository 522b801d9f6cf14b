-- A workspace's number of audit events, kept as api_token_counts keeps a user's
-- tokens (20261204100000): in up to 16 shards (one per backend pid % 16), by
-- triggers in the same transaction as every insert and delete, so that
-- `auditEvents { totalCount }` reads at most 16 rows instead of counting the log.
-- Counting took ~100 ms per page at 1,000,000 events (PostgreSQL, after VACUUM, an
-- index-only scan of audit_events_workspace_id_id_idx), and grows with the log,
-- which is never trimmed.

CREATE TABLE "audit_event_counts" (
    "workspace_id" UUID NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "audit_event_counts_pkey" PRIMARY KEY ("workspace_id","shard")
);

ALTER TABLE "audit_event_counts" ADD CONSTRAINT "audit_event_counts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written out in PL/pgSQL, workspaces in id order, as api_tokens_count_inserted
-- (that migration says why). A statement that inserts no row (a token written
-- where audit logs are off) adds nothing.
CREATE FUNCTION "audit_events_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "audit_event_counts" ("workspace_id", "shard", "count")
  SELECT "workspace_id", (pg_backend_pid() % 16)::smallint, count(*)::integer
    FROM new_rows GROUP BY "workspace_id" ORDER BY "workspace_id"
  ON CONFLICT ("workspace_id", "shard") DO UPDATE SET "count" = "audit_event_counts"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE FUNCTION "audit_events_count_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A workspace deleted in the same statement (the cascade) is already gone, and its shards with it.
  INSERT INTO "audit_event_counts" ("workspace_id", "shard", "count")
  SELECT "workspace_id", (pg_backend_pid() % 16)::smallint, -count(*)::integer
    FROM old_rows
   WHERE EXISTS (SELECT 1 FROM "workspaces" WHERE "workspaces"."id" = old_rows."workspace_id")
   GROUP BY "workspace_id" ORDER BY "workspace_id"
  ON CONFLICT ("workspace_id", "shard") DO UPDATE SET "count" = "audit_event_counts"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE FUNCTION "audit_events_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "audit_event_counts" ("workspace_id", "shard", "count")
  SELECT m."workspace_id", (pg_backend_pid() % 16)::smallint, m."delta"
    FROM (VALUES (OLD."workspace_id", -1), (NEW."workspace_id", 1)) AS m ("workspace_id", "delta")
   ORDER BY m."workspace_id"
  ON CONFLICT ("workspace_id", "shard") DO UPDATE SET "count" = "audit_event_counts"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE FUNCTION "audit_events_count_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "audit_event_counts";
  RETURN NULL;
END $$;

CREATE TRIGGER "audit_events_count_insert" AFTER INSERT ON "audit_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_count_inserted"();
CREATE TRIGGER "audit_events_count_delete" AFTER DELETE ON "audit_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_count_deleted"();
CREATE TRIGGER "audit_events_count_move" AFTER UPDATE OF "workspace_id" ON "audit_events" FOR EACH ROW
  WHEN (OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id") EXECUTE FUNCTION "audit_events_count_moved"();
CREATE TRIGGER "audit_events_count_truncate" AFTER TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_count_truncated"();

-- The counts start exact: CREATE TRIGGER above locked audit_events against writes
-- until this transaction commits, so none lands between the triggers and the recount.
INSERT INTO "audit_event_counts" ("workspace_id", "shard", "count")
SELECT "workspace_id", 0, count(*)::integer FROM "audit_events" GROUP BY "workspace_id";
