import {
  EntryReleased,
  isTerminalGeneration,
  type DeadLetterInfo,
  type GenerationStreams,
  type HandlerContext,
} from '@vivier/bus';
import type { BusEventOf } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import {
  estimateTextTokens,
  estimateTokens,
  ProviderError,
  toProviderError,
  type ChatMessage,
  type ProviderKind,
  type ProviderRegistry,
  type UsageEvent,
} from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { GenerationInterrupted, interruptReasonOf, type CancelRegistry } from '../lib/cancel-registry';
import { createDeltaBatcher } from '../lib/delta-batcher';
import type { WorkerMetrics } from '../lib/worker-metrics';
import type { TitleQueue } from '../jobs/title-chat';
import { DEFAULT_CHAT_TITLE } from '@vivier/contracts';
import { claimGeneration, loadGeneration as loadGenerationRow } from './generation-sql';
import { prepareProviderCall, type PrepareCallDeps, type PreparedCall } from './prepare-call';
import { type GenerationRecord, type Settlement, type Settler } from './settle-generation';

export type GenerationRequested = BusEventOf<'generation.requested'>;

export interface GenerationHandlerDeps {
  db: Pick<ChatDb, 'generation' | 'message' | '$queryRaw'>;
  streams: Pick<GenerationStreams, 'append' | 'exists' | 'isCancelRequested'>;
  providers: Pick<ProviderRegistry, 'resolve' | 'accessReason'>;
  titles: Pick<TitleQueue, 'enqueue'>;
  cancels: CancelRegistry;
  settler: Settler;
  metrics: WorkerMetrics;
  logger: Logger;
  attachments?: PrepareCallDeps['attachments'];
  knowledge?: PrepareCallDeps['knowledge'];
  /** This worker's consumer name: the generation's lease owner while it streams here. */
  workerName: string;
  timing: GenerationTiming;
}

interface GenerationTiming {
  /** How long a lease lasts; renewed every third of it while the generation streams here. */
  leaseMs: number;
  /** The provider must send its first event within this long of the call… */
  firstTokenTimeoutMs: number;
  /** …and then never fall silent for longer than this. */
  idleTimeoutMs: number;
}

/** The handler parks on this when it hands its entry back at shutdown: neither acked nor dead-lettered. */
const handedBack = Symbol('handed back');
/** Another worker runs the generation now (the bus moved the request): stop without writing anything more. */
const takenOver = Symbol('taken over');
/** The generation is no longer this worker's in the database: stop; this request is spent. */
const leaseLost = Symbol('lease lost');
/** The generation is already another worker's (a duplicate request): nothing to do here. */
const notClaimed = Symbol('not claimed');
type RunOutcome = Settlement | typeof handedBack | typeof takenOver | typeof leaseLost | typeof notClaimed;

function timeoutError(hasStarted: boolean, limitMs: number): ProviderError {
  const what = hasStarted ? 'stopped sending the answer' : 'sent nothing';
  return new ProviderError(
    'PROVIDER_TIMEOUT',
    `The AI provider ${what} for ${Math.round(limitMs / 1000)} s.`,
    {
      upstreamMessage: `no stream event within ${limitMs} ms (${hasStarted ? 'idle' : 'first-token'} timeout)`,
    },
  );
}

export function createGenerationHandler(deps: GenerationHandlerDeps) {
  const { db, streams, cancels, settler, metrics } = deps;

  const loadGeneration = (generationId: string) => loadGenerationRow(db, generationId);

  function estimatedUsage(messages: ChatMessage[], answer: string) {
    return { inputTokens: estimateTokens(messages), outputTokens: estimateTextTokens(answer) };
  }

  /**
   * The numbered sources go out as frames before the answer that cites them (a reconnecting client
   * replays them like any frame) and onto the assistant message, so a reload still shows them.
   */
  async function sendCitations(generation: GenerationRecord, call: PreparedCall): Promise<void> {
    if (!call.citations?.length) return;
    for (const citation of call.citations) {
      await streams.append(generation.id, { type: 'citation', ...citation });
    }
    await db.message.update({
      where: { id: generation.assistantMessageId },
      data: { citations: call.citations },
    });
  }

  /** Streams the answer and decides how the generation ends; infrastructure failures are thrown. */
  async function stream(
    generation: GenerationRecord,
    call: PreparedCall,
    controller: AbortController,
    log: Logger,
  ): Promise<Settlement | typeof handedBack | typeof takenOver | typeof leaseLost> {
    const labels = { provider: generation.provider };
    const isOwnershipLost = () => {
      const reason = interruptReasonOf(controller.signal);
      return reason === 'taken-over' || reason === 'lease-lost';
    };
    const batcher = createDeltaBatcher({
      write: async (text) => {
        if (isOwnershipLost()) return; // another worker streams this generation now
        await streams.append(generation.id, { type: 'delta', text });
        metrics.deltaFrames.inc(labels);
      },
      // Nobody would see the rest: stop paying for it; the bus retries the whole generation.
      onWriteError: (error) =>
        controller.abort(new GenerationInterrupted('stream-write-failed', { cause: error })),
    });
    const startedAt = performance.now();
    let answer = '';
    let usage: UsageEvent | undefined;
    let failure: ProviderError | undefined;
    let isCancelled = false;
    // Ours, not the SDK's (about 10 minutes): a provider that goes silent ends the answer clearly.
    let silenceTimer: NodeJS.Timeout | undefined;
    let silenceLimitMs = deps.timing.firstTokenTimeoutMs;
    const watchSilence = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(
        () => controller.abort(new GenerationInterrupted('provider-timeout')),
        silenceLimitMs,
      );
    };
    watchSilence();
    try {
      for await (const event of call.provider.stream(call.request, { signal: controller.signal })) {
        silenceLimitMs = deps.timing.idleTimeoutMs;
        watchSilence();
        if (event.type === 'text') {
          if (answer.length === 0) {
            metrics.providerLatency.observe(
              { ...labels, phase: 'first_token' },
              (performance.now() - startedAt) / 1000,
            );
          }
          answer += event.text;
          batcher.push(event.text);
          metrics.tokensRelayed.inc(labels);
        } else if (event.type === 'usage') {
          usage = event;
        }
        // Reasoning is not part of the answer (and not sent as frames in this issue).
      }
      metrics.providerLatency.observe({ ...labels, phase: 'total' }, (performance.now() - startedAt) / 1000);
    } catch (error) {
      const interrupted = interruptReasonOf(controller.signal);
      if (interrupted === 'shutdown') return handedBack;
      if (interrupted === 'taken-over' || interrupted === 'lease-lost') {
        await batcher.flush().catch(() => undefined); // the write in flight; the rest is skipped
        return interrupted === 'taken-over' ? takenOver : leaseLost;
      }
      if (interrupted === 'stream-write-failed') throw (controller.signal.reason as Error).cause;
      if (interrupted === 'cancelled') isCancelled = true;
      else if (interrupted === 'provider-timeout') failure = timeoutError(answer.length > 0, silenceLimitMs);
      else failure = toProviderError(error, { provider: generation.provider as ProviderKind });
    } finally {
      clearTimeout(silenceTimer);
    }
    // Whatever reached `answer` goes out before the terminal frame, so the frames add up to the content.
    await batcher.flush();
    // Lost during the flush or after the provider's last event: the new owner writes from here.
    if (isOwnershipLost())
      return interruptReasonOf(controller.signal) === 'taken-over' ? takenOver : leaseLost;

    const model = usage?.model ?? generation.model;
    const reported = usage ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } : undefined;
    if (failure) {
      log.warn(
        { err: failure, code: failure.code, upstream: failure.upstreamMessage },
        'provider call failed',
      );
      // Partial output was paid for; a call refused before any output was not.
      const consumed =
        answer.length > 0 ? (reported ?? estimatedUsage(call.request.messages, answer)) : undefined;
      return {
        status: 'failed',
        content: answer,
        usage: consumed,
        costMicros: consumed ? call.provider.calculateCost(model, consumed) : undefined,
        model,
        error: { code: failure.code, message: failure.message },
      };
    }
    // The prompt reached the provider, so a cancelled call is billed too (estimated if it never said).
    const consumed = reported ?? estimatedUsage(call.request.messages, answer);
    const settled = {
      content: answer,
      usage: consumed,
      costMicros: call.provider.calculateCost(model, consumed),
      model,
    };
    if (isCancelled) return { status: 'cancelled', ...settled };
    return { status: 'done', ...settled, finishReason: usage?.finishReason ?? 'other' };
  }

  /**
   * Takes the generation for this worker: a queued one always; a streaming one only on a redelivery
   * (the bus decided its previous holder is dead), when this worker already held it (a restart
   * under the same name), or when its holder's lease has run out. So a request published twice
   * (the reaper re-publishes queued generations) never runs twice at once.
   */
  function claim(generation: GenerationRecord, context: HandlerContext): Promise<boolean> {
    return claimGeneration(db, {
      generationId: generation.id,
      workerName: deps.workerName,
      leaseMs: deps.timing.leaseMs,
      isRedelivery: context.deliveryCount > 1,
      now: new Date(),
    });
  }

  /** Renews the lease while the generation runs; losing it (another owner, or ended elsewhere) stops the run. */
  function keepLease(generationId: string, controller: AbortController, log: Logger): () => void {
    const renew = async () => {
      try {
        const { count } = await db.generation.updateMany({
          where: { id: generationId, status: 'streaming', leaseOwner: deps.workerName },
          data: { leaseExpiresAt: new Date(Date.now() + deps.timing.leaseMs) },
        });
        if (count === 0 && !controller.signal.aborted) {
          log.warn('generation lease lost (another worker owns it, or it was ended); stopping');
          controller.abort(new GenerationInterrupted('lease-lost'));
        }
      } catch (error) {
        // The database is unreachable: keep streaming; the settle will tell whether it is still ours.
        log.warn({ err: error }, 'could not renew the generation lease');
      }
    };
    const timer = setInterval(() => void renew(), Math.max(10, Math.floor(deps.timing.leaseMs / 3)));
    return () => clearInterval(timer);
  }

  async function run(
    generation: GenerationRecord,
    controller: AbortController,
    context: HandlerContext,
    log: Logger,
  ): Promise<RunOutcome> {
    const onStop = () => controller.abort(new GenerationInterrupted('shutdown'));
    const onClaimLost = () => {
      log.warn('another worker took this generation over; stopping');
      controller.abort(new GenerationInterrupted('taken-over'));
    };
    context.signal.addEventListener('abort', onStop, { once: true });
    context.claimLost.addEventListener('abort', onClaimLost, { once: true });
    if (context.signal.aborted) onStop(); // the listener would never fire for an earlier abort
    if (context.claimLost.aborted) onClaimLost();
    metrics.activeGenerations.inc();
    let stopLease = () => {};
    try {
      // Nothing but the prompt stands between the request and the provider call: the cancel check,
      // the claim (queued -> streaming, with our lease) and the prompt load run at once; the
      // prompt is used only once the claim is ours.
      const [isCancelled, claimed, prepared] = await Promise.all([
        streams.isCancelRequested(generation.id),
        claim(generation, context),
        prepareProviderCall(
          {
            db,
            providers: deps.providers,
            logger: log,
            attachments: deps.attachments,
            knowledge: deps.knowledge,
          },
          generation,
        ).then(
          (call: PreparedCall) => ({ call }),
          (error: unknown) => ({ error }),
        ),
      ]);
      if (!claimed) return notClaimed;
      stopLease = keepLease(generation.id, controller, log);
      if (isCancelled) return { status: 'cancelled' };
      if ('error' in prepared) {
        if (!(prepared.error instanceof ProviderError)) throw prepared.error;
        const { code, message } = prepared.error;
        return { status: 'failed', content: '', error: { code, message } };
      }
      await sendCitations(generation, prepared.call);
      return await stream(generation, prepared.call, controller, log);
    } finally {
      stopLease();
      metrics.activeGenerations.dec();
      context.signal.removeEventListener('abort', onStop);
      context.claimLost.removeEventListener('abort', onClaimLost);
    }
  }

  async function maybeEnqueueTitle(generation: GenerationRecord, settlement: Settlement, log: Logger) {
    if (settlement.status !== 'done' || generation.chat.title !== DEFAULT_CHAT_TITLE) return;
    try {
      // The first exchange: the user message this answers is the root of the chat's tree.
      const question = await db.message.findUnique({
        where: { id: generation.userMessageId },
        select: { parentId: true },
      });
      if (!question || question.parentId !== null) return;
      await deps.titles.enqueue({
        chatId: generation.chatId,
        userMessageId: generation.userMessageId,
        assistantMessageId: generation.assistantMessageId,
        provider: generation.provider,
        model: settlement.model ?? generation.model,
      });
    } catch (error) {
      log.warn({ err: error }, 'could not enqueue the chat title job');
    }
  }

  /** One `generation.requested` delivery (chat-core-design.md, "Lifecycle", steps 2–7). */
  async function handle(event: GenerationRequested, context: HandlerContext): Promise<void> {
    const { generationId } = event.data;
    const log = deps.logger.child({
      generationId,
      chatId: event.data.chatId,
      requestId: event.requestId,
      deliveryCount: context.deliveryCount,
    });
    const generation = await loadGeneration(generationId);
    if (!generation) {
      log.warn('generation not found (its chat was deleted?); request dropped');
      return;
    }
    if (isTerminalGeneration(generation.status)) {
      await settler.repair(generation, event);
      return;
    }
    if (cancels.isRunning(generationId)) {
      // A second request for a generation this process is running: that run will end it.
      log.warn('generation is already running here; duplicate request dropped');
      return;
    }
    // Registered before run() checks the cancel key, so a cancel published in between is not
    // missed; held until the generation is settled, so no duplicate starts a second run meanwhile.
    const controller = cancels.register(generationId);
    let outcome: RunOutcome;
    try {
      // A worker died mid-generation (or an attempt failed): clients drop what they were shown.
      if (context.deliveryCount > 1) await streams.append(generationId, { type: 'reset' });
      log.info({ provider: generation.provider, model: generation.model }, 'generation started');
      outcome = await run(generation, controller, context, log);
      if (
        typeof outcome !== 'symbol' &&
        (await settler.settle(generation, outcome, event, { leaseOwner: deps.workerName }))
      ) {
        log.info(
          { status: outcome.status, usage: outcome.usage, costMicros: outcome.costMicros },
          'generation ended',
        );
        await maybeEnqueueTitle(generation, outcome, log);
      }
    } finally {
      cancels.unregister(generationId, controller);
    }
    if (outcome === handedBack) {
      log.warn('shutting down mid-generation; left pending for another worker');
      // Never settles: returning would ack the entry and throwing could dead-letter it.
      return new Promise<never>(() => {});
    }
    if (outcome === takenOver) throw new EntryReleased('another worker owns the generation');
    // Acked (when the bus still gives the request to this worker): the generation's owner settles it.
    if (outcome === leaseLost)
      log.warn('generation stopped here: its lease is another worker’s or it has ended');
    if (outcome === notClaimed)
      log.warn('generation is already running on another worker; duplicate request dropped');
  }

  /** The bus gave up on a request (chat-core-design.md step 8): end the generation with a clear error. */
  async function onDeadLetter(event: GenerationRequested, info: DeadLetterInfo): Promise<void> {
    const generation = await loadGeneration(event.data.generationId);
    if (!generation) return;
    if (isTerminalGeneration(generation.status)) {
      await settler.repair(generation, event);
      return;
    }
    deps.logger.error(
      { generationId: generation.id, deliveries: info.deliveries, reason: info.reason, error: info.error },
      'generation dead-lettered',
    );
    // Whatever a dead worker streamed is not stored: clients drop it before the error.
    if (await streams.exists(generation.id)) await streams.append(generation.id, { type: 'reset' });
    await settler.settle(
      generation,
      {
        status: 'failed',
        content: '',
        error: {
          code: 'PROVIDER_UNAVAILABLE',
          message: `The answer could not be generated: gave up after ${info.deliveries} attempts.`,
        },
      },
      event,
    );
  }

  return { handle, onDeadLetter };
}
