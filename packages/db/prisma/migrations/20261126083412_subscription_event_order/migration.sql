-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "stripeEventAt" TIMESTAMP(3);

