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

-- Adds `delta` to each owner's shard. Owners in id order, so two statements that
-- touch the same users lock their shards in the same order. Owners that are gone
-- (deleted in this very statement, the cascade) are skipped: their shards went
-- with them.
CREATE FUNCTION "api_token_counts_add"(owners UUID[], deltas INTEGER[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "api_token_counts" ("user_id", "shard", "count")
  SELECT o."owner_id", (pg_backend_pid() % 16)::smallint, o."delta"
    FROM unnest(owners, deltas) AS o ("owner_id", "delta")
   WHERE EXISTS (SELECT 1 FROM "users" WHERE "id" = o."owner_id")
   ORDER BY o."owner_id"
  ON CONFLICT ("user_id", "shard") DO UPDATE SET "count" = "api_token_counts"."count" + EXCLUDED."count"
$$;

CREATE OR REPLACE FUNCTION "api_tokens_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "api_token_counts_add"(array_agg("owner_id"), array_agg("count"))
     FROM (SELECT "owner_id", count(*)::integer AS "count" FROM new_rows GROUP BY "owner_id") AS n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "api_tokens_count_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "api_token_counts_add"(array_agg("owner_id"), array_agg(-"count"))
     FROM (SELECT "owner_id", count(*)::integer AS "count" FROM old_rows GROUP BY "owner_id") AS o;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "api_tokens_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "api_token_counts_add"(ARRAY[OLD."owner_id", NEW."owner_id"], ARRAY[-1, 1]);
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
