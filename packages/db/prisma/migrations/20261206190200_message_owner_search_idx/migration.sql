-- vivier: no-transaction
-- Search at scale, step 3 of 4: one GIN index over (owner, words) through btree_gin, so a search
-- intersects the owner's posting list with the word's and reads no other user's rows.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Message_userId_search_idx" ON "Message" USING GIN ("userId", "search");
