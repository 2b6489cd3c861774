import {
  isTerminalFrame,
  makeEvent,
  terminalFrame,
  type Bus,
  type GenerationEnding,
  type GenerationStreams,
  type UsageMarks,
} from '@vivier/bus';
import { busStreamNames, type BusEventOf, type ToolCallRecord, type Usage } from '@vivier/contracts';
import type { ChatDb, Prisma } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { settleRows } from './generation-sql';
import type { GenerationOutcome, WorkerMetrics } from '../lib/worker-metrics';
import { lastFrame } from '../lib/last-frame';

/** What the handler loads once per delivery: the generation with its chat and the message it writes. */
export type GenerationRecord = Prisma.GenerationGetPayload<{
  include: { chat: true; assistantMessage: true };
}>;

export interface Settlement {
  status: GenerationOutcome;
  /** The answer as streamed; undefined leaves the stored content as it is. */
  content?: string;
  /** The model's thinking as streamed (with `content`: undefined leaves the stored one). */
  reasoning?: string;
  reasoningMs?: number;
  /** The tools the answer called, with their results (stored with the message). */
  toolCalls?: ToolCallRecord[];
  /** Tokens consumed (reported or estimated); undefined when nothing was sent to a provider. */
  usage?: Usage;
  costMicros?: number;
  /** The model that actually answered (a fallback may have). */
  model?: string;
  finishReason?: string;
  error?: { code: string; message: string };
}

const MESSAGE_STATUS = { done: 'complete', failed: 'failed', cancelled: 'cancelled' } as const;

function frameFor(generation: GenerationRecord, ending: Omit<GenerationEnding, 'messageId'>) {
  return terminalFrame({ ...ending, messageId: generation.assistantMessageId });
}

/** A settlement read back from the rows, where a failure's code and message may be missing. */
type StoredSettlement = Omit<Settlement, 'error'> & Pick<GenerationEnding, 'error'>;

/** How an ended generation ended, rebuilt from its rows: for its terminal frame and usage event. */
function storedSettlement(generation: GenerationRecord): StoredSettlement {
  const message = generation.assistantMessage;
  const hasUsage = message.inputTokens !== null && message.outputTokens !== null;
  return {
    status:
      generation.status === 'done' ? 'done' : generation.status === 'cancelled' ? 'cancelled' : 'failed',
    usage: hasUsage
      ? {
          inputTokens: message.inputTokens ?? 0,
          outputTokens: message.outputTokens ?? 0,
          ...(message.reasoningTokens === null ? {} : { reasoningTokens: message.reasoningTokens }),
        }
      : undefined,
    costMicros: message.costMicros === null ? undefined : Number(message.costMicros),
    model: message.model ?? generation.model,
    ...(generation.status === 'failed'
      ? { error: { code: generation.errorCode, message: generation.errorMessage } }
      : {}),
  };
}

export interface SettleDeps {
  db: Pick<ChatDb, '$queryRaw'>;
  bus: Pick<Bus, 'publish'>;
  streams: Pick<GenerationStreams, 'append' | 'range'>;
  usageMarks: UsageMarks;
  metrics: WorkerMetrics;
  logger: Logger;
}

type TraceContext = Pick<BusEventOf<'generation.requested'>, 'requestId' | 'traceparent'>;

/**
 * Ends a generation the way chat-core-design.md orders it: rows first (one transaction), then the
 * terminal frame, then `usage.recorded`. A crash between any two steps is repaired on redelivery
 * by `repair`, which completes the missing steps from the rows.
 */
export function createSettler(deps: SettleDeps) {
  const { db, bus, streams, usageMarks, metrics } = deps;

  /** XADDs `usage.recorded`; the caller marks it published (usageMarks) once this resolved. */
  function sendUsage(
    generation: GenerationRecord,
    settlement: Pick<Settlement, 'usage' | 'model' | 'costMicros'>,
    trace: TraceContext,
  ): Promise<string> | undefined {
    if (!settlement.usage) return undefined;
    const event = makeEvent(
      'usage.recorded',
      {
        generationId: generation.id,
        userId: generation.userId,
        chatId: generation.chatId,
        provider: generation.provider,
        model: settlement.model ?? generation.model,
        inputTokens: settlement.usage.inputTokens,
        outputTokens: settlement.usage.outputTokens,
        costMicros: settlement.costMicros ?? 0,
      },
      { requestId: trace.requestId, traceparent: trace.traceparent },
    );
    return bus.publish(busStreamNames.events, event);
  }

  async function publishUsage(
    generation: GenerationRecord,
    settlement: Pick<Settlement, 'usage' | 'model' | 'costMicros'>,
    trace: TraceContext,
  ) {
    const sent = sendUsage(generation, settlement, trace);
    if (!sent) return;
    await sent;
    await usageMarks.mark(generation.id);
  }

  return {
    /** Returns false (and writes nothing else) when another worker has already ended the generation. */
    async settle(
      generation: GenerationRecord,
      settlement: Settlement,
      trace: TraceContext,
      /** Set by the worker that ran it: only the lease owner may end a streaming generation. */
      { leaseOwner }: { leaseOwner?: string } = {},
    ): Promise<boolean> {
      const isCommitted = await settleRows(db, {
        generationId: generation.id,
        leaseOwner,
        status: settlement.status,
        messageStatus: MESSAGE_STATUS[settlement.status],
        content: settlement.content,
        reasoning: settlement.reasoning,
        reasoningMs: settlement.reasoningMs ?? null,
        reasoningTokens: settlement.usage?.reasoningTokens ?? null,
        toolCalls: settlement.toolCalls,
        provider: generation.provider,
        model: settlement.model ?? generation.model,
        inputTokens: settlement.usage?.inputTokens ?? null,
        outputTokens: settlement.usage?.outputTokens ?? null,
        costMicros: settlement.costMicros ?? null,
        finishReason: settlement.finishReason ?? null,
        errorCode: settlement.error?.code ?? null,
        errorMessage: settlement.error?.message ?? null,
        now: new Date(),
      });
      if (!isCommitted) {
        deps.logger.warn(
          { generationId: generation.id },
          'generation was already ended elsewhere; result dropped',
        );
        return false;
      }
      // The terminal frame and then usage.recorded, sent together: one round trip instead of two
      // (issue 11). Redis runs a connection's commands in the order sent, so the frame still comes
      // first; if either fails the settle throws, and the redelivery's `repair` adds what is missing
      // (the mark is set only once the usage event is in, so it is never lost, at worst sent twice).
      const frame = streams.append(generation.id, frameFor(generation, settlement));
      const usage = sendUsage(generation, settlement, trace);
      await Promise.all([frame, usage]);
      if (usage) await usageMarks.mark(generation.id);
      metrics.generationOutcomes.inc({ status: settlement.status });
      return true;
    },

    /** A redelivered, already ended generation: add its terminal frame and usage event if they are missing. */
    async repair(generation: GenerationRecord, trace: TraceContext): Promise<void> {
      const settlement = storedSettlement(generation);
      const last = await lastFrame(streams, generation.id);
      if (!last || !isTerminalFrame(last)) {
        await streams.append(generation.id, frameFor(generation, settlement));
        deps.logger.info({ generationId: generation.id }, 'terminal frame restored from the database');
      }
      if (settlement.usage && !(await usageMarks.isMarked(generation.id))) {
        await publishUsage(generation, settlement, trace);
        deps.logger.info({ generationId: generation.id }, 'usage.recorded published on redelivery');
      }
    },
  };
}

export type Settler = ReturnType<typeof createSettler>;
