-- AlterTable
ALTER TABLE "OidcProvider" ADD COLUMN     "groupMapping" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "groupsClaim" TEXT NOT NULL DEFAULT 'groups';

