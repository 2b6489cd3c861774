-- AlterTable
ALTER TABLE "File" ADD COLUMN     "extractedText" TEXT;

