import { DEFAULT_CHAT_TITLE } from '@vivier/contracts';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { ChatDb } from '@vivier/db';
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
  db: Pick<ChatDb, 'chat' | 'message'>;
  providers: Pick<ProviderRegistry, 'resolve' | 'accessReason'>;
  logger: Logger;
}

/** Renames a chat still called "New chat" after its first exchange, asking the model that answered it. */
async function titleChat(
  deps: Pick<TitleWorkerDeps, 'db' | 'providers' | 'logger'>,
  job: TitleChatJob,
  signal: AbortSignal,
): Promise<string | undefined> {
  const chat = await deps.db.chat.findUnique({
    where: { id: job.chatId },
    select: { title: true, userId: true },
  });
  if (!chat || chat.title !== DEFAULT_CHAT_TITLE) return undefined;
  const messages = await deps.db.message.findMany({
    where: { id: { in: [job.userMessageId, job.assistantMessageId] } },
    select: { id: true, content: true },
  });
  const question = messages.find((message) => message.id === job.userMessageId)?.content ?? '';
  const answer = messages.find((message) => message.id === job.assistantMessageId)?.content ?? '';
  const resolved = await deps.providers.resolve(job.provider);
  if (!resolved) throw new Error(`provider "${job.provider}" is not configured`);
  // The job runs after the answer, possibly much later (retries): the model may since have been
  // turned off or limited to groups the user left. Not spending on their behalf then; no title.
  const refusal =
    resolved.disabledReason(job.model) ??
    (await deps.providers.accessReason(job.provider, job.model, chat.userId));
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
      messages: titlePrompt(question, answer),
      maxTokens: isReasoning ? 1_024 : 32,
      temperature: 0.3,
    },
    { signal },
  );
  const title = cleanTitle(result.text);
  if (!title) return undefined;
  // Only if still untitled: the user may have renamed it while the model was answering.
  const { count } = await deps.db.chat.updateMany({
    where: { id: job.chatId, title: DEFAULT_CHAT_TITLE },
    data: { title },
  });
  return count === 1 ? title : undefined;
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
