-- Self-service accounts (issue 16, part 5): an email change waits on its own link (pendingEmail,
-- CHANGE_EMAIL tokens), and a deleted account's files lose their owner instead of vanishing with
-- it, so chat-service's sweeper still knows their storage keys and deletes the bytes too.

-- AlterEnum
ALTER TYPE "EmailTokenPurpose" ADD VALUE 'CHANGE_EMAIL';

-- DropForeignKey
ALTER TABLE "File" DROP CONSTRAINT "File_userId_fkey";

-- AlterTable
ALTER TABLE "File" ALTER COLUMN "userId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "pendingEmail" TEXT;

-- AddForeignKey
ALTER TABLE "File" ADD CONSTRAINT "File_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

