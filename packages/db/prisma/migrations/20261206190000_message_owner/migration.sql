-- Search at scale (issue 12), step 1 of 4: the owner's id on "Message", so a search can use an
-- index that holds only the searching user's rows ("Message_userId_search_idx", step 3).
--
-- Every step is online: this one only adds a nullable column (no rewrite, a brief ACCESS EXCLUSIVE
-- lock) and a trigger; step 2 backfills in batches, one transaction each; steps 3 and 4 build their
-- indexes CONCURRENTLY. Steps 2–4 run outside a transaction (see "vivier: no-transaction" in
-- packages/db/src/migrate.ts), each alone in its file so `prisma migrate deploy` can run them too.

CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE "Message" ADD COLUMN "userId" TEXT;

-- chat-service sets "userId" on every insert; this fills it for any other writer (a chat-service
-- still running the previous release during a rolling deploy, scripts, imports by hand). A chat
-- never changes owner, so the value set at insert stays true.
CREATE FUNCTION "Message_set_userId"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."userId" IS NULL THEN
    SELECT c."userId" INTO NEW."userId" FROM "Chat" c WHERE c."id" = NEW."chatId";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Message_set_userId"
  BEFORE INSERT ON "Message"
  FOR EACH ROW EXECUTE FUNCTION "Message_set_userId"();
