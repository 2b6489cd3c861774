-- vivier: no-transaction
-- Search at scale, step 3 of 5: messages by (owner, word), see owner_search in step 1.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Message_owner_search_idx" ON "Message" USING GIN (owner_search("userId", "search"));
