-- CreateTable
CREATE TABLE "EnvProviderAccess" (
    "kind" TEXT NOT NULL,
    "accessGroupIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "modelGroupIds" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EnvProviderAccess_pkey" PRIMARY KEY ("kind")
);

