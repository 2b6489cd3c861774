import { DEFAULT_CHAT_TITLE } from '@vivier/contracts';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Prisma, queryRows, sqlUtc, type ChatDb } from '@vivier/db';
import type { ChatMessage, ProviderRegistry } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';

export const TITLE_QUEUE = 'chat-titles';

export interface TitleChatJob {
  chatId: string;
  userMessageId: string;
  assistantMessageId: string;
  provider: string;
  model: string;
}

const TITLE_CALL_TIMEOUT_MS = 30_000;
const EXCERPT_CHARS = 2_000;
const MAX_TITLE_WORDS = 6;
const MAX_TITLE_CHARS = 80;

/**
 * Titles are best-effort: a job per chat (its id dedupes a second enqueue while one is queued),
 * retried with backoff, and never part of the generation that triggered it.
 */
export function createTitleQueue(deps: { connection: ConnectionOptions; prefix: string }) {
  const queue = new Queue<TitleChatJob>(TITLE_QUEUE, {
    connection: deps.connection,
    prefix: `${deps.prefix}bull`,
  });
  return {
    async enqueue(job: TitleChatJob): Promise<void> {
      await queue.add('title-chat', job, {
        jobId: `title-${job.chatId}`,
        attempts: 4,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 60 * 60 },
      });
    },
    /** Jobs by state, for /metrics. */
    jobCounts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    close: () => queue.close(),
  };
}
export type TitleQueue = ReturnType<typeof createTitleQueue>;

/** The request: the first exchange, trimmed, and an instruction the model answers with the title only. */
function titlePrompt(question: string, answer: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        'You name conversations. Reply with a title of 3 to 6 words that says what the conversation ' +
        'is about: no quotes, no trailing punctuation, nothing else.',
    },
    {
      role: 'user',
      content: `User: ${question.slice(0, EXCERPT_CHARS)}\n\nAssistant: ${answer.slice(0, EXCERPT_CHARS)}\n\nTitle:`,
    },
  ];
}

/** The model's reply made into a title: first line, no quotes or "Title:" label, at most 6 words. */
export function cleanTitle(raw: string): string | undefined {
  const line = raw
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate.length > 0);
  if (!line) return undefined;
  const words = line
    .replace(/^(?:#+\s*)?(?:\*\*)?title\s*:\s*/i, '')
    .replace(/["'“”‘’`*_#]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_TITLE_WORDS);
  const title = words
    .join(' ')
    .replace(/[\s.,;:!?-]+$/, '')
    .slice(0, MAX_TITLE_CHARS)
    .trim();
  return title.length > 0 ? title : undefined;
}

export interface TitleWorkerDeps {
  connection: ConnectionOptions;
  prefix: string;
  db: Pick<ChatDb, '$queryRaw'>;
  providers: Pick<ProviderRegistry, 'resolve' | 'accessReason'>;
  logger: Logger;
}

/** Renames a chat still called "New chat" after its first exchange, asking the model that answered it. */
async function titleChat(
  deps: Pick<TitleWorkerDeps, 'db' | 'providers' | 'logger'>,
  job: TitleChatJob,
  signal: AbortSignal,
): Promise<string | undefined> {
  const source = await readTitleSource(deps.db, job);
  if (!source || source.title !== DEFAULT_CHAT_TITLE) return undefined;
  const resolved = await deps.providers.resolve(job.provider);
  if (!resolved) throw new Error(`provider "${job.provider}" is not configured`);
  // The job runs after the answer, possibly much later (retries): the model may since have been
  // turned off or limited to groups the user left. Not spending on their behalf then; no title.
  const refusal =
    resolved.disabledReason(job.model) ??
    (await deps.providers.accessReason(job.provider, job.model, source.userId));
  if (refusal) {
    deps.logger.info(
      { chatId: job.chatId, reason: refusal },
      'chat title skipped: the model is no longer usable',
    );
    return undefined;
  }
  // A reasoning model spends output tokens thinking before it writes the few words wanted here.
  const isReasoning = resolved.modelInfo(job.model).capabilities.reasoning;
  const result = await resolved.provider.complete(
    {
      model: job.model,
      messages: titlePrompt(source.question ?? '', source.answer ?? ''),
      maxTokens: isReasoning ? 1_024 : 32,
      temperature: 0.3,
    },
    { signal },
  );
  const title = cleanTitle(result.text);
  if (!title) return undefined;
  return (await renameUntitled(deps.db, job.chatId, title, new Date())) ? title : undefined;
}

/**
 * The chat's title and owner with the exchange's two texts, in one prepared statement: the job
 * runs after every first answer, and Prisma's client compiles each model query in WebAssembly on
 * the worker's event loop (generation-sql.ts). A message is read only from this chat.
 */
export async function readTitleSource(
  db: Pick<ChatDb, '$queryRaw'>,
  job: Pick<TitleChatJob, 'chatId' | 'userMessageId' | 'assistantMessageId'>,
) {
  const rows = await queryRows<{
    title: string;
    userId: string;
    question: string | null;
    answer: string | null;
  }>(
    db,
    Prisma.sql`
    SELECT c."title", c."userId",
      (SELECT m."content" FROM "Message" m WHERE m."id" = ${job.userMessageId} AND m."chatId" = c."id") AS "question",
      (SELECT m."content" FROM "Message" m WHERE m."id" = ${job.assistantMessageId} AND m."chatId" = c."id") AS "answer"
    FROM "Chat" c
    WHERE c."id" = ${job.chatId}`,
  );
  return rows[0];
}

/**
 * Sets the title only if the chat is still untitled: the user may have renamed it while the model
 * was answering. True when it was set.
 */
export async function renameUntitled(
  db: Pick<ChatDb, '$queryRaw'>,
  chatId: string,
  title: string,
  now: Date,
): Promise<boolean> {
  const rows = await queryRows(
    db,
    Prisma.sql`
    UPDATE "Chat" SET "title" = ${title}, "updatedAt" = ${sqlUtc(now)}::timestamp(3)
    WHERE "id" = ${chatId} AND "title" = ${DEFAULT_CHAT_TITLE}
    RETURNING "id"`,
  );
  return rows.length === 1;
}

export function startTitleWorker(deps: TitleWorkerDeps) {
  const closing = new AbortController();
  const worker = new Worker<TitleChatJob>(
    TITLE_QUEUE,
    async (job) => {
      const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(TITLE_CALL_TIMEOUT_MS)]);
      const title = await titleChat(deps, job.data, signal);
      deps.logger.info(
        { chatId: job.data.chatId, jobId: job.id, renamed: title !== undefined },
        'chat title job done',
      );
    },
    { connection: deps.connection, prefix: `${deps.prefix}bull`, concurrency: 2 },
  );
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { chatId: job?.data.chatId, attempts: job?.attemptsMade, err: error },
      'chat title job failed',
    ),
  );
  // BullMQ reports connection trouble here; without a listener it would be an unhandled 'error'.
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'chat title worker error'));
  return {
    async close() {
      // A title call in flight is abandoned (its job fails and is retried later), not waited for.
      closing.abort();
      await worker.close();
    },
  };
}
