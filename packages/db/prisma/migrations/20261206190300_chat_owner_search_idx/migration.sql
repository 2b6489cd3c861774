-- vivier: no-transaction
-- Search at scale, step 4 of 4: the same for chat titles.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Chat_userId_search_idx" ON "Chat" USING GIN ("userId", "search");
