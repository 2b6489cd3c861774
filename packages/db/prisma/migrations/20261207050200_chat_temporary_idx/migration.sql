-- vivier: no-transaction
-- The temporary-chat sweeper: temporary chats idle past their TTL.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Chat_temporary_updatedAt_idx" ON "Chat"("temporary", "updatedAt");
