import { newId } from '@vivier/contracts';
import { createPrismaClient, type PrismaClient } from '@vivier/db';
import { allowanceKeys } from '@vivier/bus';
import { Redis } from 'ioredis';

/**
 * Direct access to the stack's database, for state a person could not set up through the app
 * in a test's time (a month of spending). Only for arranging: assertions go through the UI.
 */
let prisma: PrismaClient | undefined;

function database(): PrismaClient {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: the global setup starts the stack');
  prisma ??= createPrismaClient(url);
  return prisma;
}

export async function closeDatabase() {
  await prisma?.$disconnect();
  prisma = undefined;
}

/** Books spending for a user in the usage ledger now (the current billing period), as billing would. */
export async function addUsage(
  email: string,
  usage: {
    costMicros: number;
    model?: string;
    provider?: string;
    inputTokens?: number;
    outputTokens?: number;
  },
) {
  const db = database();
  const user = await db.user.findUniqueOrThrow({
    where: { email: email.toLowerCase() },
    select: { id: true },
  });
  await db.usageEntry.create({
    data: {
      id: newId('usageEntry'),
      userId: user.id,
      generationId: newId('generation'),
      chatId: newId('chat'),
      provider: usage.provider ?? 'openai',
      model: usage.model ?? 'gpt-4o',
      inputTokens: usage.inputTokens ?? 1000,
      outputTokens: usage.outputTokens ?? 500,
      costMicros: BigInt(usage.costMicros),
    },
  });
  // billing keeps each user's allowance hot in Redis for chat-service (packages/bus allowance.ts)
  // and its usage consumer adds every recorded cost to it. A ledger row written straight to the
  // database bypasses that consumer, so drop the hot copy: the next check reloads it from billing.
  const redisUrl = process.env.E2E_REDIS_URL;
  const prefix = process.env.E2E_REDIS_PREFIX;
  if (!redisUrl || !prefix)
    throw new Error('E2E_REDIS_URL/E2E_REDIS_PREFIX are not set: the global setup starts the stack');
  const redis = new Redis(redisUrl);
  try {
    await redis.del(allowanceKeys(prefix, user.id).allowance);
  } finally {
    redis.disconnect();
  }
}

/** What the fake LLM received (served by the stack runner). */
export async function fakeLlmRequests(): Promise<Array<{ lastUserText: string | null; path: string }>> {
  const url = process.env.E2E_FAKE_REQUESTS_URL;
  if (!url) throw new Error('E2E_FAKE_REQUESTS_URL is not set: the global setup starts the stack');
  return (await (await fetch(url)).json()) as Array<{ lastUserText: string | null; path: string }>;
}
