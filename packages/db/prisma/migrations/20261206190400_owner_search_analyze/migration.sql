-- Search at scale, step 5 of 5: statistics of the new index expressions, without which the planner
-- guesses their selectivity (and, on a large table, may plan a parallel scan for a handful of rows).
-- ANALYZE samples the tables and takes no lock that blocks reads or writes.
ANALYZE "Chat", "Message";
