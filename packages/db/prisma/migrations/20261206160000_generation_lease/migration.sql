-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT;

-- CreateIndex
CREATE INDEX "Generation_status_updatedAt_idx" ON "Generation"("status", "updatedAt");
