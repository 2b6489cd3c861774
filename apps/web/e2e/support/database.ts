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

/**
 * Writes a chat with a message tree straight to the database (a long conversation takes a person
 * minutes to have). `parent` is the index of an earlier message, or null for a root; each message
 * is a minute after the one before. Returns the chat's and the messages' ids.
 */
export async function seedChat(
  email: string,
  chat: {
    title: string;
    messages: Array<{ role: 'user' | 'assistant'; content: string; parent: number | null }>;
  },
): Promise<{ chatId: string; messageIds: string[] }> {
  const db = database();
  const user = await db.user.findUniqueOrThrow({
    where: { email: email.toLowerCase() },
    select: { id: true },
  });
  const chatId = newId('chat');
  const start = Date.now() - chat.messages.length * 60_000;
  const messageIds = chat.messages.map(() => newId('message'));
  await db.chat.create({
    data: { id: chatId, userId: user.id, title: chat.title, provider: 'openai-compatible', model: 'fake' },
  });
  await db.message.createMany({
    data: chat.messages.map((message, index) => ({
      id: messageIds[index]!,
      chatId,
      userId: user.id,
      parentId: message.parent === null ? null : messageIds[message.parent]!,
      role: message.role,
      content: message.content,
      status: 'complete' as const,
      createdAt: new Date(start + index * 60_000),
    })),
  });
  return { chatId, messageIds };
}
