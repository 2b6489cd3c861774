import { Prisma, type ChatDb, type Message as MessageRow, queryRows, sqlUtc } from '@vivier/db';

/**
 * The two statements on the path from `POST /api/chats/:id/messages` to the published request,
 * written as SQL. Prisma 6.19's client engine compiles every model query in WebAssembly on the
 * event loop (about 1 ms of CPU per query here, against 0.3 ms for `$queryRaw`), and a send made
 * six of them; under ten concurrent sends that compile time alone queued the first token by tens of
 * milliseconds. Prisma 7.4 caches query plans, but its CLI cannot migrate offline (TOOLCHAIN.md).
 * Both run as prepared statements on the client's pool (`queryRows`): even `$queryRaw` compiles.
 */

export interface ExchangeChatRow {
  id: string;
  provider: string;
  model: string;
  /** The chat's most recent message (where a new message continues by default). */
  latestMessageId: string | null;
  /** The requested parent when it is a message of this chat, else null. */
  requestedParentId: string | null;
}

/** The caller's chat with what a new message needs to find its parent: one query, or undefined. */
export async function findExchangeChat(
  db: Pick<ChatDb, '$queryRaw'>,
  userId: string,
  chatId: string,
  requestedParentId: string | null,
): Promise<ExchangeChatRow | undefined> {
  const rows = await queryRows<ExchangeChatRow>(
    db,
    Prisma.sql`
    SELECT c."id", c."provider", c."model",
      (SELECT m."id" FROM "Message" m WHERE m."chatId" = c."id"
        ORDER BY m."createdAt" DESC, m."id" DESC LIMIT 1) AS "latestMessageId",
      (SELECT m."id" FROM "Message" m WHERE m."chatId" = c."id" AND m."id" = ${requestedParentId})
        AS "requestedParentId"
    FROM "Chat" c
    WHERE c."id" = ${chatId} AND c."userId" = ${userId}`,
  );
  return rows[0];
}

export interface ExchangeRows {
  chatId: string;
  /** The caller, who owns the chat. */
  userId: string;
  provider: string;
  model: string;
  /** A new user message to write first; absent when answering an existing one again. */
  userMessage?: { id: string; parentId: string | null; content: string; fileIds: string[]; createdAt: Date };
  /** The message being answered: the new one above, or an existing one (regenerate). */
  promptMessageId: string;
  assistantMessage: { id: string; createdAt: Date };
  generationId: string;
  now: Date;
}

/**
 * One statement: the chat's `updatedAt`, the optional user message, the empty assistant message and
 * the queued generation. A single statement is atomic without a transaction block, and its foreign
 * keys are checked at its end, so rows may refer to each other. Writes nothing and returns
 * undefined when the chat no longer exists (deleted since it was read).
 */
export async function insertExchange(
  db: Pick<ChatDb, '$queryRaw'>,
  rows: ExchangeRows,
  options: { deferFlush?: boolean } = {},
): Promise<{ userMessage?: MessageRow; assistantMessage: MessageRow } | undefined> {
  const now = sqlUtc(rows.now);
  // Deferred: committed without waiting for its WAL flush (visible to the worker at once); the
  // caller makes it durable with `flushWal` before it answers (see writeExchange).
  const relaxed = options.deferFlush
    ? Prisma.sql`relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS "setting"),`
    : Prisma.empty;
  const whenRelaxed = options.deferFlush
    ? Prisma.sql` AND (SELECT "setting" FROM relaxed) IS NOT NULL`
    : Prisma.empty;
  const user = rows.userMessage;
  const userInsert = user
    ? Prisma.sql`, user_message AS (
        INSERT INTO "Message" ("id", "chatId", "userId", "parentId", "role", "content", "status",
          "fileIds", "createdAt", "updatedAt")
        SELECT ${user.id}, chat."id", ${rows.userId}, ${user.parentId}, 'user'::"MessageRole", ${user.content},
          'complete'::"MessageStatus", ${user.fileIds}::text[], ${sqlUtc(user.createdAt)}::timestamp(3),
          ${now}::timestamp(3)
        FROM chat
        RETURNING "id")`
    : Prisma.empty;
  const written = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    WITH ${relaxed} chat AS (
      UPDATE "Chat" SET "updatedAt" = ${now}::timestamp(3) WHERE "id" = ${rows.chatId}${whenRelaxed} RETURNING "id"
    )${userInsert},
    assistant_message AS (
      INSERT INTO "Message" ("id", "chatId", "userId", "parentId", "role", "content", "status",
        "provider", "model", "createdAt", "updatedAt")
      SELECT ${rows.assistantMessage.id}, chat."id", ${rows.userId}, ${rows.promptMessageId}, 'assistant'::"MessageRole",
        '', 'streaming'::"MessageStatus", ${rows.provider}, ${rows.model},
        ${sqlUtc(rows.assistantMessage.createdAt)}::timestamp(3), ${now}::timestamp(3)
      FROM chat
      RETURNING "id"
    )
    INSERT INTO "Generation" ("id", "chatId", "userId", "userMessageId", "assistantMessageId",
      "provider", "model", "status", "createdAt", "updatedAt")
    SELECT ${rows.generationId}, chat."id", ${rows.userId}, ${rows.promptMessageId},
      assistant_message."id", ${rows.provider}, ${rows.model}, 'queued'::"GenerationStatus",
      ${now}::timestamp(3), ${now}::timestamp(3)
    FROM chat, assistant_message
    RETURNING "id"`,
  );
  if (written.length === 0) return undefined;

  const base = {
    chatId: rows.chatId,
    // The chat's owner on every message, so search reads only their rows (issue 12).
    userId: rows.userId,
    inputTokens: null,
    outputTokens: null,
    costMicros: null,
    finishReason: null,
    toolCalls: null,
    errorCode: null,
    reasoning: null,
    reasoningMs: null,
    reasoningTokens: null,
    citations: null,
    updatedAt: rows.now,
  };
  return {
    ...(user
      ? {
          userMessage: {
            ...base,
            id: user.id,
            parentId: user.parentId,
            role: 'user' as const,
            content: user.content,
            status: 'complete' as const,
            provider: null,
            model: null,
            fileIds: user.fileIds,
            createdAt: user.createdAt,
          },
        }
      : {}),
    assistantMessage: {
      ...base,
      id: rows.assistantMessage.id,
      parentId: rows.promptMessageId,
      role: 'assistant' as const,
      content: '',
      status: 'streaming' as const,
      provider: rows.provider,
      model: rows.model,
      fileIds: [],
      createdAt: rows.assistantMessage.createdAt,
    },
  };
}

/**
 * Waits until everything committed before the call is on disk: one tiny transactional WAL record
 * (`pg_logical_emit_message`, which any role may call; it writes no table) whose commit waits for
 * the flush of the WAL up to itself, and so of every commit before it. With `fallback`, for a
 * database that refuses the function: the same through a no-op update of the given message.
 */
export async function flushWal(
  db: Pick<ChatDb, '$queryRaw'>,
  fallback?: { messageId: string },
): Promise<void> {
  await queryRows(
    db,
    fallback
      ? Prisma.sql`UPDATE "Message" SET "updatedAt" = "updatedAt" WHERE "id" = ${fallback.messageId} RETURNING "id"`
      : Prisma.sql`SELECT pg_logical_emit_message(true, 'vivier.durable', '')::text AS "lsn"`,
  );
}
