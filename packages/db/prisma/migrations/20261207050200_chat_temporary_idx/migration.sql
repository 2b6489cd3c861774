-- vivier: no-transaction
-- The temporary-chat sweeper: temporary chats idle past their TTL. Partial, so it holds only
-- temporary chats and is never a way through every user's chats (see schema.prisma, model Chat).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Chat_temporary_sweep_idx" ON "Chat"("updatedAt") WHERE "temporary";
