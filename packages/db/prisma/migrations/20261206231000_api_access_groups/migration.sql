-- The OpenAI-compatible API limited to groups (issue 16, part 6): empty means every user.

-- AlterTable
ALTER TABLE "ApiAccessSetting" ADD COLUMN     "groupIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

