-- CreateIndex
CREATE INDEX "Chat_createdAt_idx" ON "Chat"("createdAt");

-- CreateIndex
CREATE INDEX "Message_createdAt_chatId_idx" ON "Message"("createdAt", "chatId");

-- CreateIndex
CREATE INDEX "User_createdAt_idx" ON "User"("createdAt");

