-- Search at scale (issue 12), step 1 of 5: the id of the owner on "Message", so that a search can
-- use indexes whose posting lists hold only the rows of the searching user (steps 3 and 4).
--
-- Every step is online. This one only adds a nullable column (no rewrite, a brief ACCESS EXCLUSIVE
-- lock), functions, a trigger and a procedure. Step 2 backfills in batches, one transaction each,
-- and steps 3 and 4 build their indexes CONCURRENTLY: each runs outside a transaction (see
-- "vivier: no-transaction" in packages/db/src/migrate.ts), alone in its file. Step 5 analyzes.
--
-- Why the bodies below are E'' strings that spell every semicolon as \x3B: `prisma migrate deploy`
-- (through @prisma/adapter-pg 6.19.3) splits a migration on every semicolon, in strings and
-- comments too, and runs the pieces one by one. So no semicolon may appear in these files except
-- between statements.

ALTER TABLE "Message" ADD COLUMN "userId" TEXT;

-- chat-service sets "userId" on every insert. This fills it for any other writer (a chat-service
-- still running the previous release during a rolling deploy, scripts, imports by hand). A chat
-- never changes owner, so the value set at insert stays true.
CREATE FUNCTION "Message_set_userId"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."userId" IS NULL THEN
    SELECT c."userId" INTO NEW."userId" FROM "Chat" c WHERE c."id" = NEW."chatId"\x3B
  END IF\x3B
  RETURN NEW\x3B
END
';

-- A document as its owner searches it: every word prefixed with a tag of the owner (the first 8 hex
-- digits of md5 of the id, "1a2b3c4d:word"), positions dropped. A GIN index over it has one
-- posting list per (owner, word), so looking a word up costs what the searching user has written,
-- whatever everyone else has. (A GIN index over ("userId", "search") through btree_gin intersects
-- the owner list with the list of that word for all users: 115 ms for a mid-frequency word at 10M
-- messages, see bench/README.md.) A tag shared by two users only costs a few extra rows: queries
-- also check "userId". Words longer than the tag leaves room for (2047 bytes in all) are left out.
CREATE FUNCTION owner_search(owner TEXT, doc tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN array_to_tsvector(ARRAY(
    SELECT left(md5(owner), 8) || ':' || lexeme FROM unnest(doc) WHERE octet_length(lexeme) <= 2038
  ));

-- The same tag on every lexeme of a query, prefix matches included ('1a2b3c4d:wor':*), so that
-- owner_search(owner, doc) @@ owner_tsquery(owner, query) is doc @@ query for that owner.
CREATE FUNCTION owner_tsquery(owner TEXT, query tsquery) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(query::text, '''((?:[^'']|'''')*)''', '''' || left(md5(owner), 8) || ':\1''', 'g')::tsquery;

CREATE TRIGGER "Message_set_userId"
  BEFORE INSERT ON "Message"
  FOR EACH ROW EXECUTE FUNCTION "Message_set_userId"();

-- Copies the owner of each chat onto its messages that have none, 200 chats per transaction,
-- walking "Chat" by id so that each batch finds its messages through "Message_chatId_createdAt_idx":
-- linear in the size of the table, row locks held for one batch only. Harmless to run again.
-- Step 2 calls it (a procedure, so that it can COMMIT between batches).
CREATE PROCEDURE "Message_backfill_userId"() LANGUAGE plpgsql AS E'
DECLARE
  last_id TEXT := \'\'\x3B
  batch TEXT[]\x3B
BEGIN
  LOOP
    SELECT array_agg("id" ORDER BY "id") INTO batch
    FROM (SELECT "id" FROM "Chat" WHERE "id" > last_id ORDER BY "id" LIMIT 200) AS next_chats\x3B
    EXIT WHEN batch IS NULL\x3B
    UPDATE "Message" m
    SET "userId" = c."userId"
    FROM "Chat" c
    WHERE c."id" = ANY (batch) AND m."chatId" = c."id" AND m."userId" IS NULL\x3B
    last_id := batch[array_length(batch, 1)]\x3B
    COMMIT\x3B
  END LOOP\x3B
END
';
