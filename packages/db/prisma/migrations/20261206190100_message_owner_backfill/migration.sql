-- vivier: no-transaction
-- Search at scale, step 2 of 4: copy each chat's owner onto its existing messages, 200 chats per
-- transaction (COMMIT inside DO needs the DO to run alone, outside a transaction block), walking
-- "Chat" by id so each batch finds its messages through "Message_chatId_createdAt_idx": linear in
-- the table's size, row locks held for one batch only. Rows inserted meanwhile get their owner from
-- the trigger of step 1. Re-running it is harmless (only NULL owners are touched).
DO $$
DECLARE
  last_id TEXT := '';
  batch TEXT[];
BEGIN
  LOOP
    SELECT array_agg("id" ORDER BY "id") INTO batch
    FROM (SELECT "id" FROM "Chat" WHERE "id" > last_id ORDER BY "id" LIMIT 200) AS next_chats;
    EXIT WHEN batch IS NULL;
    UPDATE "Message" m
    SET "userId" = c."userId"
    FROM "Chat" c
    WHERE c."id" = ANY (batch) AND m."chatId" = c."id" AND m."userId" IS NULL;
    last_id := batch[array_length(batch, 1)];
    COMMIT;
  END LOOP;
END;
$$;
