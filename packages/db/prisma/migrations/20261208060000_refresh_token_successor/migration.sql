-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "successorSealed" TEXT;

