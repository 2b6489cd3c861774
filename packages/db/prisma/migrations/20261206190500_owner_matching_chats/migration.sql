-- Search at scale: the ids of the chats of `owner` whose title or any message matches `query`,
-- through "Chat_owner_search_idx" and "Message_owner_search_idx". A function for its SET clauses:
-- the planner cannot estimate a prefix match over owner-tagged words ('1a2b3c4d:wor':*) and guesses
-- 2 % of the table, which at 10M messages makes it plan parallel workers and JIT-compile the query
-- (400 ms to find 11 rows). The rows are one user's matches: neither can pay off.
CREATE FUNCTION owner_matching_chats(owner TEXT, query tsquery) RETURNS SETOF TEXT
  LANGUAGE sql STABLE PARALLEL SAFE ROWS 100
  SET jit = off
  SET max_parallel_workers_per_gather = 0
  AS $$
    SELECT t."id" FROM "Chat" t
    WHERE owner_search(t."userId", t."search") @@ owner_tsquery(owner, query) AND t."userId" = owner
    UNION
    SELECT m."chatId" FROM "Message" m
    WHERE owner_search(m."userId", m."search") @@ owner_tsquery(owner, query) AND m."userId" = owner
  $$;
