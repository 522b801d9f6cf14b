-- Issue 16: a user's token count lives in up to 16 rows ("shards") instead of one
-- column of the user's row. Every create and revoke changed that one row, so all of
-- one user's writes queued behind each other's commit (fsync included): pgbench on
-- the 2-core benchmark machine, 10 clients, an insert plus +1 on one shared row:
-- 1,687 commits/s; the same insert plus +1 on one of 16 rows: 5,140/s (a plain
-- insert: 8,251/s). A connection adds to the shard of its backend (pid % 16), so
-- one pool's connections rarely wait on each other; `totalCount` reads the sum.
-- The triggers of 20261201090000 keep it, as they kept the column: the application
-- never writes it. A shard may go negative (a delete on another connection's
-- shard); only the sum means anything.

CREATE TABLE "api_token_counts" (
    "user_id" UUID NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "api_token_counts_pkey" PRIMARY KEY ("user_id","shard")
);

ALTER TABLE "api_token_counts" ADD CONSTRAINT "api_token_counts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each function adds to the shard of its connection's backend, owners in id order
-- (two statements that touch the same users lock their shards in the same order),
-- as one INSERT … ON CONFLICT written out in PL/pgSQL: PL/pgSQL keeps the plan for the
-- session, where a helper in LANGUAGE sql would be planned again on every call
-- (pgbench, the prepared create statement: 2,400–2,500 commits/s through such a
-- helper, 3,650–3,900 written out, 3,900 with no count at all).
CREATE OR REPLACE FUNCTION "api_tokens_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "api_token_counts" ("user_id", "shard", "count")
  SELECT "owner_id", (pg_backend_pid() % 16)::smallint, count(*)::integer
    FROM new_rows GROUP BY "owner_id" ORDER BY "owner_id"
  ON CONFLICT ("user_id", "shard") DO UPDATE SET "count" = "api_token_counts"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "api_tokens_count_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A user deleted in the same statement (the cascade) is already gone, and its shards with it.
  INSERT INTO "api_token_counts" ("user_id", "shard", "count")
  SELECT "owner_id", (pg_backend_pid() % 16)::smallint, -count(*)::integer
    FROM old_rows
   WHERE EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = old_rows."owner_id")
   GROUP BY "owner_id" ORDER BY "owner_id"
  ON CONFLICT ("user_id", "shard") DO UPDATE SET "count" = "api_token_counts"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "api_tokens_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "api_token_counts" ("user_id", "shard", "count")
  SELECT m."owner_id", (pg_backend_pid() % 16)::smallint, m."delta"
    FROM (VALUES (OLD."owner_id", -1), (NEW."owner_id", 1)) AS m ("owner_id", "delta")
   ORDER BY m."owner_id"
  ON CONFLICT ("user_id", "shard") DO UPDATE SET "count" = "api_token_counts"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "api_tokens_count_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "api_token_counts";
  RETURN NULL;
END $$;

-- The counts move over exactly: the lock keeps writes off api_tokens until this
-- transaction commits, so none lands between the recount and the new functions.
-- Recounted from the rows rather than copied from the column.
LOCK TABLE "api_tokens" IN SHARE MODE;
INSERT INTO "api_token_counts" ("user_id", "shard", "count")
SELECT "owner_id", 0, count(*)::integer FROM "api_tokens" GROUP BY "owner_id";

ALTER TABLE "users" DROP COLUMN "api_token_count";
