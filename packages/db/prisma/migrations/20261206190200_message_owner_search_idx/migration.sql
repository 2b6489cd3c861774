-- vivier: no-transaction
-- Search at scale, step 3 of 4: one GIN index over (owner, words) through btree_gin, so a search
-- intersects the posting list of the owner with that of the word, and reads no rows of other users.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Message_userId_search_idx" ON "Message" USING GIN ("userId", "search");
