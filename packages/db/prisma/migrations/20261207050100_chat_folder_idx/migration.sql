-- vivier: no-transaction
-- A folder's chats, newest first: the chat list and search with `folderId`.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Chat_folderId_updatedAt_id_idx" ON "Chat"("folderId", "updatedAt" DESC, "id" DESC);
