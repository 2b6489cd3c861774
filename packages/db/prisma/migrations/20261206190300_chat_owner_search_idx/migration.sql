-- vivier: no-transaction
-- Search at scale, step 4 of 5: chat titles by (owner, word).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Chat_owner_search_idx" ON "Chat" USING GIN (owner_search("userId", "search"));
