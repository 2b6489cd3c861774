-- vivier: no-transaction
-- Search at scale, step 2 of 5: the owner of each chat onto its existing messages, in batches
-- (see "Message_backfill_userId" in step 1). Rows inserted meanwhile get their owner from the
-- trigger of step 1.
CALL "Message_backfill_userId"();
