import { AppError, isId, busStreamNames, type ErrorDetail } from '@vivier/contracts';
import {
  activeGenerationStatuses,
  isTerminalGeneration,
  makeEvent,
  terminalFrame,
  type Bus,
  type FrameBody,
  type GenerationStreams,
} from '@vivier/bus';
import { Prisma, queryRows, type ChatDb, type Message as MessageRow } from '@vivier/db';
import type { ProviderRegistry } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import type { QuotaGate } from './quota-gate';
import type { RequestContext } from './request-context';
import { flushWal, insertExchange, type ExchangeRows } from './exchange-sql';
import { toolCallsOf, withGenerationId, type MessageWithGeneration } from './views';

export interface GenerationServiceDeps {
  db: ChatDb;
  bus: Pick<Bus, 'publish'>;
  streams: Pick<GenerationStreams, 'requestCancel'>;
  registry: Pick<ProviderRegistry, 'checkModel'>;
  quota: QuotaGate;
  logger: Logger;
  /** Strictly increasing timestamps (see lib/monotonic-clock). */
  clock: () => Date;
  newId: (kind: 'message' | 'generation') => string;
  /** Fault tests: runs between the commit and the publish (see TEST_EXIT_AFTER_COMMIT). */
  afterCommit?: () => void;
}

/** The chat an exchange belongs to (already checked to be the caller's). */
interface ExchangeChat {
  id: string;
  provider: string;
  model: string;
}

export interface ExchangeInput {
  chat: ExchangeChat;
  /** A new user message to write first; the answer then replies to it. */
  userMessage?: { content: string; parentId: string | null; fileIds: string[] };
  /** Or: an existing user message to answer again (regenerate). */
  promptMessageId?: string;
  /** The quota reservation, when the caller started it early (see `reserveAnswer`). */
  reservation?: PendingReservation;
}

/**
 * A quota reservation already under way for a generation id: the send path starts it alongside
 * the chat lookup, so the two round trips overlap. `outcome` never rejects: it holds the refusal.
 */
interface PendingReservation {
  generationId: string;
  outcome: Promise<{ error: unknown } | undefined>;
}

export interface StartedExchange {
  userMessage?: MessageWithGeneration;
  assistantMessage: MessageWithGeneration;
  generationId: string;
}

const notFound = () => new AppError('NOT_FOUND', 'Generation not found');
/** PostgreSQL's insufficient_privilege and undefined_function. */
const REFUSED_FUNCTION = new Set(['42501', '42883']);

export function createGenerationService(deps: GenerationServiceDeps) {
  const { db } = deps;

  /** Reserves this answer's share of the allowance (atomically against concurrent sends). */
  function reserveAnswer(context: RequestContext): PendingReservation {
    const generationId = deps.newId('generation');
    const outcome = deps.quota.assertCanGenerate(context.userId, context.requestId, generationId).then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    return { generationId, outcome };
  }

  /** The reserved answer will not run (no such chat, a refused model): its share is given back. */
  async function dropReservation(context: RequestContext, reservation: PendingReservation): Promise<void> {
    if (!(await reservation.outcome)) await deps.quota.release(context.userId, reservation.generationId);
  }

  /** Files must be the caller's; attaching records the first message that used each one. */
  async function attachFiles(tx: Pick<ChatDb, 'file'>, userId: string, messageId: string, fileIds: string[]) {
    if (fileIds.length === 0) return;
    const unique = [...new Set(fileIds)];
    const owned = await tx.file.count({ where: { id: { in: unique }, userId } });
    if (owned !== unique.length) {
      const details: ErrorDetail[] = [{ path: 'fileIds', message: 'must be files you uploaded' }];
      throw new AppError('VALIDATION_FAILED', 'Unknown file', { details });
    }
    await tx.file.updateMany({ where: { id: { in: unique }, userId, messageId: null }, data: { messageId } });
  }

  /**
   * Model and quota checks, then one transaction for the (optional) user message, the empty assistant
   * message and the queued generation, then the `generation.requested` event. A failed publish
   * ends the generation at once (the caller is told it failed). A crash between the commit and the
   * publish leaves it queued: the generation reaper publishes it again (the row is the outbox).
   */
  async function startExchange(context: RequestContext, input: ExchangeInput): Promise<StartedExchange> {
    const { chat } = input;
    const modelRefusal = await refuseModel(context, chat);
    if (modelRefusal) {
      if (input.reservation) await dropReservation(context, input.reservation);
      throw modelRefusal;
    }
    const userMessageId = input.userMessage ? deps.newId('message') : input.promptMessageId;
    if (!userMessageId) throw new Error('startExchange needs a user message or a prompt message');
    const assistantMessageId = deps.newId('message');
    const { generationId, outcome } = input.reservation ?? reserveAnswer(context);
    const refused = await outcome;
    if (refused) throw refused.error;
    return writeExchange(context, input, { userMessageId, assistantMessageId, generationId });
  }

  /** Why the chat's model may not be used now (undefined: it may). */
  async function refuseModel(context: RequestContext, chat: ExchangeChat): Promise<AppError | undefined> {
    // An imported chat, or one whose provider was since removed, would only fail in the worker.
    // An admin may have disabled the model (or its provider) since the chat was created.
    const { reason, forbidden } = await deps.registry.checkModel(chat.provider, chat.model, context.userId);
    if (forbidden) {
      return new AppError(
        'MODEL_NOT_ALLOWED',
        'You no longer have access to this chat’s model; choose another model',
        {
          details: [{ path: 'model', message: reason }],
        },
      );
    }
    if (reason) {
      return new AppError('VALIDATION_FAILED', 'This chat’s model is not available; choose another model', {
        details: [{ path: 'model', message: reason }],
      });
    }
    return undefined;
  }

  /** The database refused `pg_logical_emit_message` once: flush through a no-op update from then on. */
  let flushesByUpdate = false;
  /** Makes the deferred exchange write durable (lib: exchange-sql, `flushWal`). */
  async function flushExchange(userMessageId: string): Promise<void> {
    if (!flushesByUpdate) {
      try {
        return await flushWal(db);
      } catch (error) {
        if (!REFUSED_FUNCTION.has((error as { code?: unknown }).code as string)) throw error;
        flushesByUpdate = true;
        deps.logger.warn(
          { err: error },
          'pg_logical_emit_message refused: exchange writes flush through an update',
        );
      }
    }
    await flushWal(db, { messageId: userMessageId });
  }

  /**
   * The flush failed after the request was published: the generation may already be running, but
   * the client cannot be told so before its rows are known to be on disk. One more try (the flush
   * is idempotent); failing again, the generation is stopped and ended (best effort: the database
   * may be down) and its share of the quota given back, so a retry by the client runs one answer.
   */
  async function flushAgainOrStop(
    context: RequestContext,
    ids: { generationId: string; assistantMessageId: string; userMessageId: string },
    firstError: unknown,
  ): Promise<void> {
    try {
      await flushExchange(ids.userMessageId);
      return;
    } catch (error) {
      deps.logger.error({ err: error, firstError, generationId: ids.generationId }, 'exchange not flushed');
      await deps.streams.requestCancel(ids.generationId).catch(() => undefined);
      await markUnpublished(ids.generationId, ids.assistantMessageId);
      await deps.quota.release(context.userId, ids.generationId).catch(() => undefined);
      throw new AppError('UPSTREAM_UNAVAILABLE', 'The answer could not be started; try again shortly', {
        cause: error,
      });
    }
  }

  /** The write and the publish of a started exchange (the model and quota already passed). */
  async function writeExchange(
    context: RequestContext,
    input: ExchangeInput,
    ids: { userMessageId: string; assistantMessageId: string; generationId: string },
  ): Promise<StartedExchange> {
    const { chat } = input;
    const { userMessageId, assistantMessageId, generationId } = ids;
    const fileIds = input.userMessage?.fileIds ?? [];
    const rows: ExchangeRows = {
      chatId: chat.id,
      userId: context.userId,
      provider: chat.provider,
      model: chat.model,
      ...(input.userMessage
        ? { userMessage: { id: userMessageId, ...input.userMessage, createdAt: deps.clock() } }
        : {}),
      promptMessageId: userMessageId,
      assistantMessage: { id: assistantMessageId, createdAt: deps.clock() },
      generationId,
      now: new Date(),
    };

    /**
     * One statement (lib: exchange-sql). Attachments need a check before the user message is
     * written, so a message with files runs the check and the same statement in a transaction
     * (durable at its commit, as before). Without files the statement commits without waiting
     * for its WAL flush (`deferFlush`), and the flush runs beside the publish (below).
     */
    const defersFlush = fileIds.length === 0;
    async function write(): Promise<{ userMessage?: MessageRow; assistantMessage: MessageRow }> {
      const written = defersFlush
        ? await insertExchange(db, rows, { deferFlush: true })
        : await db.$transaction(async (tx) => {
            const inserted = await insertExchange(tx, rows);
            if (inserted) await attachFiles(tx, context.userId, userMessageId, fileIds);
            return inserted;
          });
      if (!written) throw new AppError('NOT_FOUND', 'Chat not found');
      return written;
    }

    const written = await write().catch(async (error: unknown) => {
      await deps.quota.release(context.userId, generationId);
      throw error;
    });
    deps.afterCommit?.();

    // The rows are visible from here; the worker may claim them while the WAL flush (1–13 ms on
    // the test machine, bench/README.md) completes, instead of after it: the flush leaves the
    // path to the first token. The client is answered only once both are done, so a 202 still
    // means the exchange is on disk. A database crash inside that window loses rows no client
    // was told of; a worker that had claimed them then finds them gone (its lease renewal or
    // settle fails and it stops), as after any claim the crash undid.
    // Settled, never rejected: a flush failing while the publish is pending must not be an
    // unhandled rejection (it would end the process).
    const flushed = defersFlush
      ? flushExchange(userMessageId).then(
          () => undefined,
          (error: unknown) => ({ error }),
        )
      : undefined;
    try {
      await deps.bus.publish(
        busStreamNames.generationRequests,
        makeEvent(
          'generation.requested',
          { generationId, chatId: chat.id, userId: context.userId, assistantMessageId },
          { requestId: context.requestId, traceparent: context.traceparent },
        ),
      );
    } catch (error) {
      deps.logger.error({ err: error, generationId, chatId: chat.id }, 'generation request not published');
      await flushed;
      await markUnpublished(generationId, assistantMessageId);
      await deps.quota.release(context.userId, generationId);
      throw new AppError('UPSTREAM_UNAVAILABLE', 'The answer could not be started; try again shortly', {
        cause: error,
      });
    }
    const flushFailure = await flushed;
    if (flushFailure)
      await flushAgainOrStop(
        context,
        { generationId, assistantMessageId, userMessageId },
        flushFailure.error,
      );
    deps.logger.info(
      { generationId, chatId: chat.id, provider: chat.provider, model: chat.model },
      'generation requested',
    );

    const withId = (row: MessageRow, id: string | null) => ({ ...row, generation: id ? { id } : null });
    return {
      ...(written.userMessage ? { userMessage: withId(written.userMessage, null) } : {}),
      assistantMessage: withId(written.assistantMessage, generationId),
      generationId,
    };
  }

  async function markUnpublished(generationId: string, assistantMessageId: string): Promise<void> {
    const errorCode = 'UPSTREAM_UNAVAILABLE';
    await db
      .$transaction([
        db.generation.update({
          where: { id: generationId },
          data: {
            status: 'failed',
            errorCode,
            errorMessage: 'The request could not be queued',
            finishedAt: new Date(),
          },
        }),
        db.message.update({ where: { id: assistantMessageId }, data: { status: 'failed', errorCode } }),
      ])
      .catch((error: unknown) =>
        deps.logger.error({ err: error, generationId }, 'could not mark generation failed'),
      );
  }

  /** The caller's generation with its assistant message, or 404 (unknown, malformed or not theirs). */
  async function findOwnedGeneration(userId: string, generationId: string) {
    if (!isId('generation', generationId)) throw notFound();
    const generation = await db.generation.findFirst({
      where: { id: generationId, userId },
      include: { assistantMessage: { include: withGenerationId } },
    });
    if (!generation) throw notFound();
    return generation;
  }

  /** 404 unless the generation is the caller's: one indexed lookup, for every subscribe. */
  async function assertOwnsGeneration(userId: string, generationId: string): Promise<void> {
    if (!isId('generation', generationId)) throw notFound();
    const rows = await queryRows<{ id: string }>(
      db,
      Prisma.sql`SELECT "id" FROM "Generation" WHERE "id" = ${generationId} AND "userId" = ${userId}`,
    );
    if (rows.length === 0) throw notFound();
  }

  /**
   * 404 unless the generation is the caller's; true while it is queued or streaming. The same one
   * indexed lookup as `assertOwnsGeneration`, and what it adds spares the relay, for a running
   * generation, the ending check a new watch would otherwise make (an EXISTS, and a query while
   * the stream does not exist yet).
   */
  async function isOwnedGenerationRunning(userId: string, generationId: string): Promise<boolean> {
    if (!isId('generation', generationId)) throw notFound();
    const rows = await queryRows<{ status: string }>(
      db,
      Prisma.sql`SELECT "status" FROM "Generation" WHERE "id" = ${generationId} AND "userId" = ${userId}`,
    );
    const row = rows[0];
    if (!row) throw notFound();
    return (activeGenerationStatuses as readonly string[]).includes(row.status);
  }

  return {
    reserveAnswer,
    dropReservation,
    startExchange,
    findOwnedGeneration,
    assertOwnsGeneration,
    isOwnedGenerationRunning,

    /** 202 while queued or streaming; 409 GENERATION_ENDED once it has ended. */
    async cancelGeneration(userId: string, generationId: string): Promise<void> {
      const generation = await findOwnedGeneration(userId, generationId);
      if (isTerminalGeneration(generation.status)) {
        throw new AppError('GENERATION_ENDED', `This generation has already ended (${generation.status})`);
      }
      await deps.streams.requestCancel(generationId);
      deps.logger.info({ generationId }, 'generation cancel requested');
    },

    /** Asks the workers to stop every generation still running in a chat (before it is deleted). */
    async cancelRunningInChat(chatId: string): Promise<void> {
      const running = await db.generation.findMany({
        where: { chatId, status: { in: [...activeGenerationStatuses] } },
        select: { id: true },
      });
      await Promise.all(running.map(({ id }) => deps.streams.requestCancel(id)));
    },

    /**
     * The frames a client should see for a generation that has ended but whose frame stream has
     * expired: the stored thinking as one reasoning frame, the content as one delta, then the terminal frame. Undefined while it runs.
     */
    async endingFrames(generationId: string): Promise<FrameBody[] | undefined> {
      // Asked for every new watch, nearly always of a generation that has just started: a prepared
      // statement says so without compiling the full load below (bench/README.md, issue 11).
      const ended = await queryRows<{ id: string }>(
        db,
        Prisma.sql`SELECT "id" FROM "Generation"
          WHERE "id" = ${generationId}
            AND NOT ("status" = ANY(${[...activeGenerationStatuses]}::"GenerationStatus"[]))`,
      );
      if (ended.length === 0) return undefined;
      const generation = await db.generation.findUnique({
        where: { id: generationId },
        include: { assistantMessage: true },
      });
      if (!generation || !isTerminalGeneration(generation.status)) return undefined;
      const message = generation.assistantMessage;
      const frames: FrameBody[] = [];
      if (message.reasoning) frames.push({ type: 'reasoning', text: message.reasoning });
      // The stored tool calls next (the UI shows them above the answer), then the text.
      for (const call of toolCallsOf(message).toolCalls ?? []) {
        frames.push(
          { type: 'tool_call', callId: call.callId, name: call.name, arguments: call.arguments },
          { type: 'tool_result', callId: call.callId, content: call.content, isError: call.isError },
        );
      }
      if (message.content) frames.push({ type: 'delta', text: message.content });
      frames.push(
        terminalFrame({
          status: generation.status,
          messageId: message.id,
          usage: {
            inputTokens: message.inputTokens ?? 0,
            outputTokens: message.outputTokens ?? 0,
            ...(message.reasoningTokens === null ? {} : { reasoningTokens: message.reasoningTokens }),
          },
          costMicros: Number(message.costMicros ?? 0),
          error: { code: generation.errorCode, message: generation.errorMessage },
        }),
      );
      return frames;
    },
  };
}

export type GenerationService = ReturnType<typeof createGenerationService>;
