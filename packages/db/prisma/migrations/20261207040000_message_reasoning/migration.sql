-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "reasoning" TEXT,
ADD COLUMN     "reasoningMs" INTEGER,
ADD COLUMN     "reasoningTokens" INTEGER;

